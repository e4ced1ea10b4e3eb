using CsCheck;
using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Properties;

/// <summary>
/// Random sequences of opens, stop-losses and take-profits (any fraction, near or far), price moves
/// and gaps with the risk index's pure twin sending margin checks and trigger executions, liquidations,
/// cancels, and owner's closes and decreases racing a trigger (cut short in flight, then finished)
/// never create or destroy money, never settle more than a position holds, execute each trigger at
/// most once, and audit clean.
/// </summary>
public class TriggerConservationProperties
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly AccountId[] Traders = new[] { "t0", "t1", "lp" }.Select(AccountId.From).ToArray();
    private static readonly AccountId Liquidator = AccountId.From("liquidator");

    /// <summary>One random step: what, who, how much, a move or a trigger's distance in basis points, leverage, side, a choice, seconds later.</summary>
    public sealed record Step(int Kind, int Who, int Cents, int MoveBps, int Leverage, bool Long, int Pick, int Seconds);

    private static readonly Gen<Step> StepGen =
        Gen.Select(Gen.Int[0, 7], Gen.Int[0, 1], Gen.Int[10_000, 300_000], Gen.Int[-1_500, 1_500], Gen.Int[101, 2_500], Gen.Bool,
                Gen.Int[0, 1_000], Gen.Int[0, 600])
            .Select(t => new Step(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, t.Item6, t.Item7, t.Item8));

    [Fact]
    public void Random_trigger_orders_racing_prices_liquidations_and_closes_never_create_or_destroy_money_and_audit_clean()
    {
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();

        StepGen.Array[1, 30].Sample(steps => new Run(seen).Play(steps), iter: 1_500);

        foreach (var kind in new[] { "placed", "executed", "partial", "cancelled", "raced", "liquidation" })
            Assert.True(seen.GetValueOrDefault(kind) > 0, $"no {kind} ever happened");
    }

    private sealed class Run(System.Collections.Concurrent.ConcurrentDictionary<string, int> seen)
    {
        private readonly InProcessExchange _x = new(MarketCatalog.Default);
        private readonly SimulatedRiskIndex _index = new();
        private readonly List<(PositionId Id, AccountId Owner)> _positions = [];
        private decimal _price = 2_000m;
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        private int _read;

        public void Play(Step[] steps)
        {
            _x.Send(new OpenAccount(Liquidator, RequestId.From("open-liquidator"), _now));
            foreach (var trader in Traders)
            {
                _x.Send(new OpenAccount(trader, RequestId.New(), _now));
                _x.Send(new DepositFunds(trader, RequestId.New(), 100_000m, _now));
            }

            Report();
            _x.Send(new ProvideLiquidity(Traders[2], RequestId.New(), Eth, 80_000m, _price, _now));

            foreach (var step in steps)
            {
                _now = _now.AddSeconds(step.Seconds);
                Do(step);
                Follow([]);
                var violations = _x.CheckInvariants(_now);
                Assert.True(violations.Count == 0, $"after {step}: {string.Join("; ", violations)}");
            }

            var executed = _x.Journal.Select(e => e.Event).OfType<TriggerExecuted>().ToList();
            Assert.Equal(executed.Count, executed.Select(e => (e.PositionId, e.Trigger)).Distinct().Count());
            foreach (var position in _x.Positions)
            {
                // A position never settles more than it held: what is left is never negative, and a closed one holds nothing.
                Assert.True(position.Quantity >= 0, $"{position.Id} holds {position.Quantity}");
                if (position.Status is PositionStatus.Closed or PositionStatus.Liquidated)
                    Assert.Empty(position.Triggers.Waiting);
            }

            var ledger = new AuditLedger(MarketCatalog.Default);
            foreach (var row in JournalRows.Of(_x.Journal))
                ledger.Read(row);
            ledger.Finish();
            Assert.True(ledger.Violations.Count == 0,
                string.Join(Environment.NewLine, ledger.Violations.Select(v => $"{v.Rule} {v.Entity}#{v.Sequence}: expected {v.Expected}, found {v.Found}")));
        }

        private void Do(Step step)
        {
            var who = Traders[step.Who];
            var open = OpenOnes().ElementAtOrDefault(step.Pick % Math.Max(1, OpenOnes().Count));
            switch (step.Kind)
            {
                case 0:
                    var id = PositionId.New();
                    if (_x.Send(new OpenPosition(id, who, RequestId.New(), Eth, step.Long ? PositionSide.Long : PositionSide.Short,
                            step.Cents / 100m, step.Leverage / 100m, Fresh(), _now)) is PositionCommandAccepted)
                        _positions.Add((id, who));
                    break;
                case 1:
                case 2 when open.Id != default:
                    if (open.Id == default)
                        break;
                    var kind = step.Pick % 2 == 0 ? TriggerKind.StopLoss : TriggerKind.TakeProfit;
                    var side = _x.Positions.Single(p => p.Id == open.Id).Side;
                    // On its kind's side of the price, 0.05% to 15% away.
                    var away = (Math.Abs(step.MoveBps) + 5) / 10_000m;
                    var below = (side == PositionSide.Long) == (kind == TriggerKind.StopLoss);
                    var level = Math.Round(_price * (below ? 1 - away : 1 + away), 2);
                    var fraction = step.Pick % 3 == 0 ? 1m : (step.Pick % 9 + 1) / 10m;
                    if (_x.Send(new PlaceTrigger(open.Id, open.Owner, RequestId.New(), kind, level, fraction, Fresh(), _now)) is PositionCommandAccepted)
                        Count("placed");
                    break;
                case 3:
                case 4:
                    // A move or a gap: the index checks margins and sends reached triggers; liquidators act on breaches.
                    _price = Math.Max(1m, Math.Round(_price * (1 + step.MoveBps / 10_000m), 2));
                    Report();
                    var send = new List<object>();
                    _index.OnTick(Tick(), send);
                    Follow(send);
                    Liquidate();
                    break;
                case 5 when open.Id != default:
                    var waiting = _x.Positions.Single(p => p.Id == open.Id).Triggers.Waiting;
                    if (waiting.Count > 0 && _x.Send(new CancelTrigger(open.Id, open.Owner, RequestId.New(), waiting[step.Pick % waiting.Count].Trigger, _now))
                            is PositionCommandAccepted)
                        Count("cancelled");
                    break;
                case 6 when open.Id != default:
                case 7 when open.Id != default:
                    // The owner's close or decrease, cut short in flight while a price moves past triggers, then finished.
                    object command = step.Kind == 6
                        ? new ClosePosition(open.Id, open.Owner, RequestId.New(), Fresh(), _now)
                        : new DecreasePosition(open.Id, open.Owner, RequestId.New(), (step.Pick % 9 + 1) / 10m, Fresh(), _now);
                    _x.Send(command, maxDeliveries: 1 + step.Pick % 3);
                    _price = Math.Max(1m, Math.Round(_price * (1 + step.MoveBps / 10_000m), 2));
                    var raced = new List<object>();
                    Report();
                    _index.OnTick(Tick(), raced);
                    if (raced.OfType<ExecuteTrigger>().Any(e => e.PositionId == open.Id))
                        Count("raced");
                    Follow(raced);
                    _x.RetryOutboxes();
                    Liquidate();
                    break;
            }
        }

        /// <summary>Delivers what the index sends, and lets it read the journal those deliveries wrote, until nothing more is sent.</summary>
        private void Follow(List<object> send)
        {
            for (var round = 0; round < 20; round++)
            {
                foreach (var message in send)
                {
                    var before = _x.Journal.Count;
                    _x.Send(message);
                    if (message is ExecuteTrigger e && _x.Journal.Skip(before).Any(j => j.Event is TriggerExecuted))
                        Count(_x.Positions.Single(p => p.Id == e.PositionId).Status == PositionStatus.Open ? "partial" : "executed");
                }

                send = [];
                foreach (var (_, evt) in _x.Journal.Skip(_read).ToList())
                    _index.Observe(evt, send);
                _read = _x.Journal.Count;
                if (send.Count == 0)
                    return;
            }
        }

        private void Liquidate()
        {
            var oracle = _x.Oracles.Single(o => o.Market == Eth);
            foreach (var position in _x.Positions.Where(p => p.OpenBreach is not null).ToList())
            {
                _x.Send(new Liquidate(position.Id, position.OpenBreach!.Breach, Liquidator, oracle.Price!.Value, oracle.Sequence,
                    oracle.PriceAt!.Value, _x.Pools.Single().AccruedTo(_now).BorrowIndex, _now));
                if (_x.Positions.Single(p => p.Id == position.Id).Status == PositionStatus.Liquidated)
                    Count("liquidation");
            }

            Follow([]);
        }

        private List<(PositionId Id, AccountId Owner)> OpenOnes() =>
            _positions.Where(p => _x.Positions.Single(s => s.Id == p.Id).Status == PositionStatus.Open).ToList();

        /// <summary>The oracle's price, reported again first when it would be stale, as a live feed keeps it.</summary>
        private decimal Fresh()
        {
            if (_now - _x.Oracles.Single(o => o.Market == Eth).PriceAt > TimeSpan.FromSeconds(30))
                Report();
            return _x.Oracles.Single(o => o.Market == Eth).Price!.Value;
        }

        private void Report()
        {
            foreach (var source in OracleParameters.Default.Sources)
                _x.Send(new ReportPrice(Eth, source, _price, _now, _now));
        }

        /// <summary>What the oracle publishes: its accepted price (a gap may trip its breaker, which keeps the last one).</summary>
        private PriceUpdated Tick()
        {
            var oracle = _x.Oracles.Single(o => o.Market == Eth);
            return new PriceUpdated(Eth, oracle.Price!.Value, oracle.PriceAt!.Value, oracle.Sequence);
        }

        private void Count(string kind) => seen.AddOrUpdate(kind, 1, (_, n) => n + 1);
    }
}
