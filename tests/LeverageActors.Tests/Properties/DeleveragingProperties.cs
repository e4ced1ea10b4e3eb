using CsCheck;
using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Deleveraging;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Properties;

/// <summary>
/// Random sequences of opens on both sides, price moves and gaps, closes, decreases, breaches and
/// liquidations, with the market's deleverager acting after every price and a close cut short
/// before it (so it meets positions mid-close), in a market whose ADL limit is low enough that it
/// acts often: money is never created or destroyed, no pool reserves more than it holds, and the
/// audit proves every reduction. The same sequences again in a market with dynamic margin and early
/// deleverage on (issue 17): every price move feeds the volatility that moves the requirement, the
/// risk index's checks carry the requirement and σ in force, so positions are warned and deleveraged
/// early between ADL rounds and liquidations; money is conserved after every step and the audit
/// proves every early deleverage too.
/// </summary>
public class DeleveragingProperties
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly AccountId[] Traders = new[] { "t0", "t1", "t2" }.Select(AccountId.From).ToArray();
    private static readonly AccountId Liquidator = AccountId.From("liquidator");

    private static readonly MarketCatalog Catalog = new(new Dictionary<MarketId, MarketParameters>
    {
        [Eth] = new() { MaxPnlFactor = 0.05m, AdlTargetFactor = 0.02m, PoolOpenInterestShare = 1_000_000m },
    });

    /// <summary>ETH-USD as above with dynamic margin, warnings at 2σ and early deleverage below 1σ.</summary>
    private static readonly MarketCatalog Predictive = new(Catalog.Markets, new Dictionary<MarketId, OracleParameters>
    {
        [Eth] = OracleParameters.Default with { Margin = new DynamicMargin { Predictive = new PredictiveLiquidation { EarlyDeleverage = true } } },
    });

    /// <summary>What, who, how much (cents), a move in basis points, leverage (hundredths), side, a choice.</summary>
    public sealed record Step(int Kind, int Who, int Cents, int MoveBps, int Leverage, bool Long, int Pick);

    private static readonly Gen<Step> StepGen =
        Gen.Select(Gen.Int[0, 6], Gen.Int[0, 2], Gen.Int[1_000, 2_000_000], Gen.Int[-2_500, 2_500], Gen.Int[101, 2_000], Gen.Bool, Gen.Int[0, 1_000])
            .Select(t => new Step(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, t.Item6, t.Item7));

    [Fact]
    public void Random_trading_with_ADL_never_creates_or_destroys_money_and_every_reduction_is_proven()
    {
        var reductions = 0;
        var skips = 0;
        StepGen.Array[1, 30].Sample(steps =>
        {
            var (reduced, skipped, _, _) = new Run(Catalog).Play(steps);
            Interlocked.Add(ref reductions, reduced);
            Interlocked.Add(ref skips, skipped);
        }, iter: 1_000);

        Assert.True(reductions > 50, $"only {reductions} reductions");
        Assert.True(skips > 0, "no position was ever skipped");
    }

    [Fact]
    public void Random_trading_with_moving_margin_early_deleverage_and_ADL_never_creates_or_destroys_money_and_all_is_proven()
    {
        int reductions = 0, early = 0, margins = 0;
        StepGen.Array[1, 30].Sample(steps =>
        {
            var (reduced, _, deleveraged, changed) = new Run(Predictive).Play(steps);
            Interlocked.Add(ref reductions, reduced);
            Interlocked.Add(ref early, deleveraged);
            Interlocked.Add(ref margins, changed);
        }, iter: 1_000);

        Assert.True(reductions > 20, $"only {reductions} ADL reductions");
        Assert.True(early > 20, $"only {early} early deleverages");
        Assert.True(margins > 20, $"only {margins} margin requirement changes");
    }

    private sealed class Run(MarketCatalog catalog)
    {
        private readonly InProcessExchange _x = new(catalog);
        private readonly AdlWatch _watch = new(Eth);
        private readonly List<(PositionId Id, AccountId Owner)> _positions = [];
        private decimal _price = 2_000m;
        private int _read;
        private int _skipped;
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public (int Reduced, int Skipped, int Early, int MarginChanges) Play(Step[] steps)
        {
            _x.Send(new OpenAccount(Liquidator, RequestId.From("open-liquidator"), _now));
            foreach (var trader in Traders.Append(AccountId.From("lp")))
            {
                _x.Send(new OpenAccount(trader, RequestId.New(), _now));
                _x.Send(new DepositFunds(trader, RequestId.New(), 100_000m, _now));
            }

            Report();
            _x.Send(new ProvideLiquidity(AccountId.From("lp"), RequestId.New(), Eth, 40_000m, _price, _now));
            foreach (var step in steps)
            {
                _now = _now.AddSeconds(30);
                // A live feed: the oracle reports the price again, so every command's price is fresh.
                Report();
                Do(step);
                var violations = _x.CheckInvariants(_now);
                Assert.True(violations.Count == 0, $"after {step}: {string.Join("; ", violations)}");
            }

            _x.RetryOutboxes();
            Assert.Empty(_x.CheckInvariants(_now));
            var ledger = new AuditLedger(catalog);
            foreach (var row in JournalRows.Of(_x.Journal))
                ledger.Read(row);
            ledger.Finish();
            Assert.True(ledger.Violations.Count == 0,
                string.Join(Environment.NewLine, ledger.Violations.Select(v => $"{v.Rule} {v.Entity}#{v.Sequence}: expected {v.Expected}, found {v.Found}")));
            var events = _x.Journal.Select(e => e.Event).ToList();
            return (ledger.Deleverages.Count, _skipped, events.OfType<EarlyDeleverageStarted>().Count(), events.OfType<MarginRequirementChanged>().Count());
        }

        private void Do(Step step)
        {
            var open = _positions.Count == 0 ? default : _positions[step.Pick % _positions.Count];
            switch (step.Kind)
            {
                case 0:
                case 1:
                    var id = PositionId.New();
                    if (_x.Send(new OpenPosition(id, Traders[step.Who], RequestId.New(), Eth, step.Long ? PositionSide.Long : PositionSide.Short,
                            step.Cents / 100m, step.Leverage / 100m, _price, _now)) is PositionCommandAccepted)
                        _positions.Add((id, Traders[step.Who]));
                    break;
                case 2:
                case 3:
                    _price = Math.Max(1m, Math.Round(_price * (1 + step.MoveBps / 10_000m), 2));
                    Report();
                    Liquidate();
                    Deleverage();
                    break;
                case 4 when open.Id != default:
                    // A close cut short, which the deleverager has not read when it next ranks: the position skips.
                    CatchUp();
                    _price = Math.Max(1m, Math.Round(_price * (1 + step.MoveBps / 10_000m), 2));
                    Report();
                    _x.Send(new ClosePosition(open.Id, open.Owner, RequestId.New(), _price, _now), step.Pick % 3 + 1);
                    Deleverage(catchUp: false);
                    _x.RetryOutboxes();
                    break;
                case 5 when open.Id != default:
                    _x.Send(new DecreasePosition(open.Id, open.Owner, RequestId.New(), (step.Pick % 9 + 1) / 10m, _price, _now));
                    break;
                case 6:
                    Deleverage();
                    break;
            }
        }

        private void Report()
        {
            foreach (var source in OracleParameters.Default.Sources)
                _x.Send(new ReportPrice(Eth, source, _price, _now, _now));
        }

        private void Liquidate()
        {
            var oracle = _x.Oracles.Single();
            var index = _x.Pools.Single().AccruedTo(_now).BorrowIndex;
            // What the oracle publishes with its price: the requirement in force and the σ it was recorded from (none in a fixed market).
            var margin = oracle.Margin.At(oracle.PriceAt!.Value);
            foreach (var p in _x.Positions.Where(p => p.Status == PositionStatus.Open).ToList())
                _x.Send(new CheckMargin(p.Id, oracle.Price!.Value, index, oracle.Sequence, _now) { Margin = margin, Scale = oracle.Margin.Scale });
            foreach (var p in _x.Positions.Where(p => p.OpenBreach is not null).ToList())
                _x.Send(new Liquidate(p.Id, p.OpenBreach!.Breach, Liquidator, oracle.Price!.Value, oracle.Sequence, oracle.PriceAt!.Value, index, _now)
                    { Margin = margin });
        }

        /// <summary>The deleverager reads the journal so far and acts on the oracle's latest price; refusals have the next asked.</summary>
        private void CatchUp()
        {
            for (; _read < _x.Journal.Count; _read++)
                _watch.Observe(_x.Journal[_read].Event);
        }

        private void Deleverage(bool catchUp = true)
        {
            if (catchUp)
                CatchUp();
            var oracle = _x.Oracles.Single();
            var pending = new Queue<AutoDeleverage>(_watch.OnTick(new PriceUpdated(Eth, oracle.Price!.Value, oracle.PriceAt!.Value, oracle.Sequence),
                _now, TimeSpan.Zero));
            while (pending.TryDequeue(out var c))
            {
                if (_x.Send(c) is not AutoDeleverageAnswer { Started: false } skipped)
                    continue;
                _skipped++;
                foreach (var next in _watch.Skipped(skipped.PositionId, skipped.Round, _now))
                    pending.Enqueue(next);
            }
        }
    }
}
