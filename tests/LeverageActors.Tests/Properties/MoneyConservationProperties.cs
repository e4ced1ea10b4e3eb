using CsCheck;
using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Properties;

/// <summary>
/// Random sequences of what traders, LPs, oracles, the risk index, liquidators and attackers do
/// (deposits, withdrawals, dust LP deposits, opens at ordinary and extreme leverage and immediate
/// round trips, collateral changes, decreases, closes, price moves and gaps, breaches, liquidations,
/// node restarts between a breach and its liquidation, LP withdrawals around gaps) never create or
/// destroy money, never reserve more than a pool holds, never leave a negative balance or a pool
/// record that disagrees with its position; and the audit of each sequence's journal finds nothing.
/// </summary>
public class MoneyConservationProperties
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly MarketId Sol = MarketId.From("SOL-USD");
    private static readonly AccountId[] Traders = new[] { "t0", "t1", "t2", "lp" }.Select(AccountId.From).ToArray();
    private static readonly AccountId Liquidator = AccountId.From("liquidator");

    /// <summary>One random step: what, who, how much (in cents), a price move in basis points, leverage, side, a choice, seconds later.</summary>
    public sealed record Step(int Kind, int Who, int Cents, int MoveBps, int Leverage, bool Long, int Pick, int Seconds);

    private static readonly Gen<Step> StepGen =
        Gen.Select(Gen.Int[0, 15], Gen.Int[0, 3], Gen.Int[1, 5_000_000], Gen.Int[-3_000, 3_000], Gen.Int[101, 5_000], Gen.Bool,
                Gen.Int[0, 1_000], Gen.Int[0, 6 * 3_600])
            .Select(t => new Step(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, t.Item6, t.Item7, t.Item8));

    [Fact]
    public void Random_trading_and_attacks_never_create_or_destroy_money_and_audit_clean()
    {
        var accepted = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();

        StepGen.Array[1, 40].Sample(steps => new Run(accepted).Play(steps), iter: 10_000);

        // The generator must really trade, not just be refused: each kind of step succeeded somewhere.
        foreach (var kind in new[]
                 {
                     nameof(OpenPosition), nameof(ClosePosition), nameof(DecreasePosition), nameof(AddCollateral),
                     nameof(RemoveCollateral), nameof(WithdrawLiquidity), nameof(ProvideLiquidity), "liquidation", "partial-liquidation",
                     "breach-cleared", "restart", "paused-withdrawal", "round-trip",
                 })
            Assert.True(accepted.GetValueOrDefault(kind) > 0, $"no {kind} ever happened");
    }

    /// <summary>
    /// The same sequences with price impact on (issue 18 item 2), its factors large enough that
    /// impact is charged, rebated and capped at this scale: the impact pool keeps the books whole.
    /// </summary>
    [Fact]
    public void With_price_impact_on_random_trading_never_creates_or_destroys_money_and_audits_clean()
    {
        var accepted = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var impact = Pools.PriceImpactSpecs.WithImpact(charged: 0.0000001m, rebated: 0.00000005m, cap: 0.01m);

        StepGen.Array[1, 40].Sample(steps => new Run(accepted, impact).Play(steps), iter: 2_000);

        Assert.True(accepted.GetValueOrDefault("impact-charged") > 0, "no impact was ever charged");
        Assert.True(accepted.GetValueOrDefault("impact-rebated") > 0, "no impact was ever rebated");
    }

    /// <summary>
    /// The same sequences with next-price execution (issue 18 item 1): every trader's action is noted at
    /// the oracle's price number and executes at a price reported after it, recorded on the request; now
    /// and then one claims the price it was sent at and must be refused. Conservation and the audit
    /// (its next-price rule included) hold after each.
    /// </summary>
    [Fact]
    public void With_next_price_execution_random_trading_never_creates_or_destroys_money_and_audits_clean()
    {
        var accepted = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();

        StepGen.Array[1, 40].Sample(steps => new Run(accepted, nextPrice: true).Play(steps), iter: 2_000);

        foreach (var kind in new[] { nameof(OpenPosition), nameof(ClosePosition), nameof(RemoveCollateral), nameof(ProvideLiquidity), "executed-next", "early-refused" })
            Assert.True(accepted.GetValueOrDefault(kind) > 0, $"no {kind} ever happened");
    }

    /// <summary>
    /// The same sequences with funding between sides on (issue 18 item 3), its factor a hundred times
    /// the recommended one so that hours between steps move amounts that matter and some go unpaid:
    /// the pool's assets carry funding from the payers to the receivers, nothing is created or destroyed.
    /// </summary>
    [Fact]
    public void With_funding_on_random_trading_never_creates_or_destroys_money_and_audits_clean()
    {
        var accepted = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var funding = Pools.FundingSpecs.WithFunding(factor: 0.000001m);

        StepGen.Array[1, 40].Sample(steps => new Run(accepted, funding).Play(steps), iter: 2_000);

        Assert.True(accepted.GetValueOrDefault("funding-paid") > 0, "no funding was ever paid");
        Assert.True(accepted.GetValueOrDefault("funding-received") > 0, "no funding was ever received");
    }

    /// <summary>
    /// Everything of issue 18 at once: impact and funding on (at the factors above) and every action
    /// executed at the next price. Conservation and the audit hold after each step.
    /// </summary>
    [Fact]
    public void With_impact_funding_and_next_price_execution_together_random_trading_never_creates_or_destroys_money_and_audits_clean()
    {
        var accepted = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var everything = new MarketCatalog(Pools.FundingSpecs.WithFunding(factor: 0.000001m).Markets.ToDictionary(kv => kv.Key, kv => kv.Value with
        {
            NegativeImpactFactor = 0.0000001m,
            PositiveImpactFactor = 0.00000005m,
            MaxImpactFactor = 0.01m,
        }));

        string[] kinds = ["impact-charged", "impact-rebated", "funding-paid", "funding-received", "executed-next", "early-refused"];
        // A thousand random runs sometimes held no impact rebate (a CI run of 2026-12-04): more runs until every kind has happened, at most five thousand.
        for (var runs = 0; runs < 5_000 && (runs == 0 || kinds.Any(kind => accepted.GetValueOrDefault(kind) == 0)); runs += 1_000)
            StepGen.Array[1, 40].Sample(steps => new Run(accepted, everything, nextPrice: true).Play(steps), iter: 1_000);

        foreach (var kind in kinds)
            Assert.True(accepted.GetValueOrDefault(kind) > 0, $"no {kind} ever happened");
    }

    private sealed class Run(System.Collections.Concurrent.ConcurrentDictionary<string, int> seen, MarketCatalog? catalog = null, bool nextPrice = false)
    {
        private readonly MarketCatalog _catalog = catalog ?? MarketCatalog.Default;
        private readonly InProcessExchange _x = new(catalog ?? MarketCatalog.Default);
        private readonly Dictionary<MarketId, decimal> _prices = new() { [Eth] = 2_000m, [Sol] = 100m };
        private readonly Dictionary<MarketId, DateTimeOffset> _reported = new();
        private readonly List<(PositionId Id, AccountId Owner)> _positions = [];
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public void Play(Step[] steps)
        {
            _x.Send(new OpenAccount(Liquidator, RequestId.From("open-liquidator"), _now));
            foreach (var trader in Traders)
            {
                _x.Send(new OpenAccount(trader, RequestId.New(), _now));
                _x.Send(new DepositFunds(trader, RequestId.New(), 100_000m, _now));
            }

            foreach (var market in _prices.Keys)
            {
                Report(market);
                _x.Send(new ProvideLiquidity(Traders[3], RequestId.New(), market, 40_000m, _prices[market], _now));
            }

            foreach (var step in steps)
            {
                _now = _now.AddSeconds(step.Seconds);
                Do(step);
                var violations = _x.CheckInvariants(_now);
                Assert.True(violations.Count == 0, $"after {step}: {string.Join("; ", violations)}");
            }

            foreach (var settled in _x.Journal.Select(j => j.Event).OfType<PositionSettled>().Where(e => e.Settlement.Impact != 0))
                seen.AddOrUpdate(settled.Settlement.Impact > 0 ? "impact-charged" : "impact-rebated", 1, (_, n) => n + 1);
            foreach (var settled in _x.Journal.Select(j => j.Event).OfType<PositionSettled>().Where(e => e.Settlement.Funding != 0))
                seen.AddOrUpdate(settled.Settlement.Funding > 0 ? "funding-paid" : "funding-received", 1, (_, n) => n + 1);

            var ledger = new AuditLedger(_catalog);
            foreach (var row in JournalRows.Of(_x.Journal))
                ledger.Read(row);
            ledger.Finish();
            Assert.True(ledger.Violations.Count == 0,
                string.Join(Environment.NewLine, ledger.Violations.Select(v => $"{v.Rule} {v.Entity}#{v.Sequence}: expected {v.Expected}, found {v.Found}")));
        }

        private void Do(Step step)
        {
            var market = step.Pick % 2 == 0 ? Eth : Sol;
            var who = Traders[step.Who];
            var amount = step.Cents / 100m;
            var open = _positions.Count == 0 ? default : _positions[step.Pick % _positions.Count];
            switch (step.Kind)
            {
                case 0:
                    _x.Send(new DepositFunds(who, RequestId.New(), amount, _now));
                    break;
                case 1:
                    _x.Send(new WithdrawFunds(who, RequestId.New(), amount, _now));
                    break;
                case 2:
                    // An LP deposit, or the attacker's dust (a millionth to a cent).
                    var lpAmount = step.Pick % 3 == 0 ? (step.Cents % 10_000 + 1) / 1_000_000m : amount;
                    Count(Priced(market, p => new ProvideLiquidity(who, RequestId.New(), market, lpAmount, p, _now)), nameof(ProvideLiquidity));
                    break;
                case 3:
                    var redeemed = Priced(market, p => new WithdrawLiquidity(who, RequestId.New(), market, amount / 2, p, _now));
                    Count(redeemed, nameof(WithdrawLiquidity));
                    if (redeemed is AccountCommandRejected { Reason.Code: Messages.Common.RejectionCodes.WithdrawalsPaused })
                        seen.AddOrUpdate("paused-withdrawal", 1, (_, n) => n + 1);
                    break;
                case 4:
                case 5:
                    Count(Open(who, market, amount / 10, step.Leverage / 100m, step.Long), nameof(OpenPosition));
                    break;
                case 6 when open.Id != default:
                    Count(Priced(MarketOf(open.Id), p => new ClosePosition(open.Id, open.Owner, RequestId.New(), p, _now)), nameof(ClosePosition));
                    break;
                case 7 when open.Id != default:
                    Count(Priced(MarketOf(open.Id), p => new DecreasePosition(open.Id, open.Owner, RequestId.New(), (step.Pick % 9 + 1) / 10m, p, _now)),
                        nameof(DecreasePosition));
                    break;
                case 8 when open.Id != default:
                    Count(_x.Send(new AddCollateral(open.Id, open.Owner, RequestId.New(), amount / 100, _now)), nameof(AddCollateral));
                    break;
                case 9 when open.Id != default:
                    Count(Priced(MarketOf(open.Id), p => new RemoveCollateral(open.Id, open.Owner, RequestId.New(), amount / 100, p, _now)),
                        nameof(RemoveCollateral));
                    break;
                case 10:
                case 11:
                    // A move, up to a 30% gap (which trips the breaker), then the risk index and the liquidators.
                    _prices[market] = Math.Max(0.01m, Math.Round(_prices[market] * (1 + step.MoveBps / 10_000m), 2));
                    Report(market);
                    CheckAndLiquidate(market);
                    break;
                case 12:
                    // The attacker's round trip at the lowest or the highest leverage.
                    var trip = Open(who, market, amount, step.Long ? 1.01m : 50m, step.Long);
                    if (trip is PositionCommandAccepted { PositionId: var tripped })
                    {
                        Priced(market, p => new ClosePosition(tripped, who, RequestId.New(), p, _now));
                        seen.AddOrUpdate("round-trip", 1, (_, n) => n + 1);
                    }

                    break;
                case 13:
                    // Breaches recorded, then the node restarts before any liquidator acts; time passes.
                    _prices[market] = Math.Max(0.01m, Math.Round(_prices[market] * (1 + step.MoveBps / 10_000m), 2));
                    Report(market);
                    foreach (var (id, _) in OpenIn(market))
                        Check(id, market);
                    _x.Restart();
                    seen.AddOrUpdate("restart", 1, (_, n) => n + 1);
                    _now = _now.AddMinutes(2);
                    _x.RetryOutboxes();
                    break;
                case 14:
                    // A liquidator that lost its prices replays the breach's own, later: always refused.
                    foreach (var position in _x.Positions.Where(p => p.OpenBreach is not null).ToList())
                    {
                        var b = position.OpenBreach!;
                        var answer = (LiquidationAnswer)_x.Send(new Liquidate(position.Id, b.Breach, Liquidator, b.Price, b.PriceSequence, b.At,
                            b.BorrowIndex, b.At + TimeSpan.FromMinutes(5)))!;
                        Assert.False(answer.Resolved && _x.Positions.Single(p => p.Id == position.Id).Status == PositionStatus.Liquidated);
                    }

                    break;
                case 15:
                    Report(market);
                    CheckAndLiquidate(market);
                    break;
            }
        }

        private object? Open(AccountId who, MarketId market, decimal collateral, decimal leverage, bool isLong)
        {
            var id = PositionId.New();
            var reply = Priced(market, p => new OpenPosition(id, who, RequestId.New(), market, isLong ? PositionSide.Long : PositionSide.Short,
                collateral, leverage, p, _now));
            if (reply is PositionCommandAccepted)
                _positions.Add((id, who));
            return reply;
        }

        /// <summary>
        /// A command at the oracle's price, reported again first when it would be stale, as a live feed
        /// keeps it. With next-price execution, at the price reported after the request instead, or, one
        /// time in seven, claiming the request's own price: refused, whatever else is wrong with it.
        /// </summary>
        private object? Priced(MarketId market, Func<decimal, object> command)
        {
            if (!nextPrice && _now - _reported[market] > TimeSpan.FromSeconds(30))
                Report(market);
            if (!nextPrice)
                return _x.Send(command(_x.Oracles.Single(o => o.Market == market).Price!.Value));

            var requested = _x.Oracles.Single(o => o.Market == market).Sequence;
            var early = _x.Journal.Count % 7 == 0;
            if (!early)
                Report(market);
            var oracle = _x.Oracles.Single(o => o.Market == market);
            var reply = _x.Send(Executed(command(oracle.Price!.Value), new Messages.Common.Execution(_now, requested, oracle.Sequence)));
            if (early)
            {
                // Refused as early, or for what else is wrong with it first (a closed position, an empty balance).
                Assert.True(reply is PositionCommandRejected or AccountCommandRejected, $"an execution at its request's own price was not refused: {reply}");
                if (reply is PositionCommandRejected { Reason.Code: RejectionCodes.InvalidPrice } or AccountCommandRejected { Reason.Code: RejectionCodes.InvalidPrice })
                    seen.AddOrUpdate("early-refused", 1, (_, n) => n + 1);
            }
            else if (reply is PositionCommandAccepted or LiquidityRequestCompleted)
                seen.AddOrUpdate("executed-next", 1, (_, n) => n + 1);
            return reply;
        }

        private static object Executed(object command, Messages.Common.Execution execution) => command switch
        {
            OpenPosition c => c with { Execution = execution },
            ClosePosition c => c with { Execution = execution },
            DecreasePosition c => c with { Execution = execution },
            RemoveCollateral c => c with { Execution = execution },
            ProvideLiquidity c => c with { Execution = execution },
            WithdrawLiquidity c => c with { Execution = execution },
            _ => command,
        };

        private void Report(MarketId market)
        {
            foreach (var source in OracleParameters.Default.Sources)
                _x.Send(new ReportPrice(market, source, _prices[market], _now, _now));
            _reported[market] = _now;
        }

        private void CheckAndLiquidate(MarketId market)
        {
            foreach (var (id, _) in OpenIn(market))
                Check(id, market);
            var oracle = _x.Oracles.Single(o => o.Market == market);
            var index = _x.Pools.Single(p => p.Market == market).AccruedTo(_now).BorrowIndex;
            foreach (var position in _x.Positions.Where(p => p.Market == market && p.OpenBreach is not null).ToList())
            {
                var before = position.Quantity;
                _x.Send(new Liquidate(position.Id, position.OpenBreach!.Breach, Liquidator, oracle.Price!.Value, oracle.Sequence,
                    oracle.PriceAt!.Value, index, _now));
                var after = _x.Positions.Single(p => p.Id == position.Id);
                seen.AddOrUpdate(after.Status == PositionStatus.Liquidated ? "liquidation"
                    : after.Quantity < before ? "partial-liquidation"
                    : "breach-cleared", 1, (_, n) => n + 1);
            }
        }

        private void Check(PositionId id, MarketId market)
        {
            var oracle = _x.Oracles.Single(o => o.Market == market);
            _x.Send(new CheckMargin(id, oracle.Price!.Value, _x.Pools.Single(p => p.Market == market).AccruedTo(_now).BorrowIndex,
                oracle.Sequence, _now));
        }

        private IEnumerable<(PositionId, AccountId)> OpenIn(MarketId market) =>
            _positions.Where(p => _x.Positions.Single(s => s.Id == p.Id) is { Status: PositionStatus.Open } s && s.Market == market).ToList();

        private MarketId MarketOf(PositionId id) => _x.Positions.Single(p => p.Id == id).Market;

        private void Count(object? reply, string kind)
        {
            if (reply is PositionCommandAccepted or LiquidityRequestCompleted or AccountCommandAccepted)
                seen.AddOrUpdate(kind, 1, (_, n) => n + 1);
        }
    }
}
