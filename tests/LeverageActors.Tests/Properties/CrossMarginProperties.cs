using CsCheck;
using LeverageActors.Actors.Accounts;
using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Properties;

/// <summary>
/// Random sequences mixing cross and isolated opens, closes and partial closes in ETH and BTC, USD
/// and ETH/BTC deposits and withdrawals (many refused for margin), price moves and LP deposits and
/// withdrawals keep the books balanced and each asset conserved apart after every step (what the
/// accounts hold of ETH and BTC is what was deposited less what was withdrawn, a USD debt counted);
/// nothing leaves an account that has held cross positions while it owes USD or while its withdrawal
/// equity after would fall below its initial requirement; and the audit of the journal finds nothing.
/// </summary>
public class CrossMarginProperties
{
    private static readonly MarketId EthUsd = MarketId.From("ETH-USD");
    private static readonly MarketId BtcUsd = MarketId.From("BTC-USD");
    private static readonly MarketId[] Markets = [EthUsd, BtcUsd];
    private static readonly AssetId[] Assets = [AssetId.From("ETH"), AssetId.From("BTC")];
    private static readonly AccountId[] Traders = new[] { "t0", "t1", "t2" }.Select(AccountId.From).ToArray();
    private static readonly AccountId Lp = AccountId.From("lp");
    private static readonly AccountId Keeper = AccountId.From("keeper");

    /// <summary>What, who, how much (in cents), a price move in basis points, leverage (in hundredths), side, a choice, seconds later.</summary>
    public sealed record Step(int Kind, int Who, int Cents, int MoveBps, int Leverage, bool Long, int Pick, int Seconds);

    private static readonly Gen<Step> StepGen =
        Gen.Select(Gen.Int[0, 17], Gen.Int[0, 2], Gen.Int[1, 500_000], Gen.Int[-1_500, 1_500], Gen.Int[101, 5_000], Gen.Bool,
                Gen.Int[0, 1_000], Gen.Int[0, 3_600])
            .Select(t => new Step(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5, t.Item6, t.Item7, t.Item8));

    [Fact]
    public void Random_cross_and_isolated_trading_conserves_each_asset_refuses_what_margin_does_not_cover_and_audits_clean()
    {
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();

        StepGen.Array[1, 40].Sample(steps => new Run(seen).Play(steps), iter: 1_500);

        // The generator must reach each path, not just be refused (or only admitted).
        foreach (var kind in new[]
                 {
                     "cross-open", "cross-refused-for-margin", "isolated-open", "isolated-refused-without-marks",
                     "usd-withdrawal", "asset-withdrawal", "withdrawal-refused-for-margin", "asset-withdrawal-refused-for-margin",
                     "lp-deposit-refused-for-margin", "cross-close-at-a-loss", "cross-close-at-a-profit", "cross-decrease",
                     "isolated-close", "usd-debt", "spend-refused-in-debt", nameof(ProvideLiquidity), nameof(WithdrawLiquidity),
                     nameof(AccountLiquidationStarted), nameof(CrossPositionLiquidationOrdered), nameof(CollateralSold),
                     nameof(AccountShortfallOrdered), nameof(AccountLiquidationEnded), "refused-under-liquidation",
                 })
            Assert.True(seen.GetValueOrDefault(kind) > 0, $"no {kind} ever happened");
    }

    private sealed class Run(System.Collections.Concurrent.ConcurrentDictionary<string, int> seen)
    {
        private readonly InProcessExchange _x = new(MarketCatalog.Default);
        private readonly Dictionary<MarketId, decimal> _prices = new() { [EthUsd] = 2_000m, [BtcUsd] = 50_000m };
        private readonly Dictionary<MarketId, DateTimeOffset> _reported = new();
        private readonly List<(PositionId Id, AccountId Owner, bool Cross)> _positions = [];
        private readonly Dictionary<AssetId, decimal> _assetsIn = Assets.ToDictionary(a => a, _ => 0m);
        private decimal _usdIn;
        private decimal _usdOut;
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public void Play(Step[] steps)
        {
            foreach (var account in Traders.Append(Lp).Append(Keeper))
            {
                _x.Send(new OpenAccount(account, RequestId.New(), _now));
                Deposit(account, account == Lp ? 2_000_000m : account == Keeper ? 1_000_000m : 5_000m);
            }

            foreach (var market in Markets)
                Report(market);
            foreach (var market in Markets)
            {
                Count(Priced(market, p => new ProvideLiquidity(Lp, RequestId.New(), market, 500_000m, p, _now) { Marks = MarksNow() }),
                    nameof(ProvideLiquidity));
            }

            foreach (var step in steps)
            {
                _now = _now.AddSeconds(step.Seconds);
                Do(step);
                var violations = _x.CheckInvariants(_now);
                Assert.True(violations.Count == 0, $"after {step}: {string.Join("; ", violations)}");
                foreach (var asset in Assets)
                {
                    var held = _x.Accounts.Sum(a => a.Holding(asset).Balance);
                    Assert.True(held == _assetsIn[asset], $"after {step}: accounts hold {held} {asset}, {_assetsIn[asset]} came in net");
                    Assert.All(_x.Accounts, a => Assert.True(a.Holding(asset).Balance >= 0, $"{a.Id} holds {a.Holding(asset).Balance} {asset}"));
                    // Each account's part: its own deposits and withdrawals, and what liquidation sales moved in or out.
                    Assert.All(_x.Accounts, a => Assert.Equal(a.Holding(asset).Deposited - a.Holding(asset).Withdrawn + a.Holding(asset).Bought - a.Holding(asset).Sold,
                        a.Holding(asset).Balance));
                }

                if (_x.Accounts.Any(a => a.FreeBalance < 0))
                    seen.AddOrUpdate("usd-debt", 1, (_, n) => n + 1);
            }

            var audit = new AuditLedger(MarketCatalog.Default);
            foreach (var row in JournalRows.Of(_x.Journal))
                audit.Read(row);
            audit.Finish();
            Assert.True(audit.Violations.Count == 0,
                string.Join(Environment.NewLine, audit.Violations.Select(v => $"{v.Rule} {v.Entity}#{v.Sequence}: expected {v.Expected}, found {v.Found}")));
            var totals = audit.Totals();
            Assert.Equal(_usdIn, totals.Deposits);
            Assert.Equal(_usdOut, totals.Withdrawals);
            foreach (var asset in totals.Assets ?? [])
            {
                Assert.Equal(asset.Deposits - asset.Withdrawals, asset.Held);
                Assert.Equal(_assetsIn[asset.Asset], asset.Held);
            }
        }

        private void Do(Step step)
        {
            var market = step.Pick % 2 == 0 ? EthUsd : BtcUsd;
            var asset = Assets[step.Pick % 2];
            var who = Traders[step.Who];
            var amount = step.Cents / 100m;
            var open = OpenOnes().ToList() is { Count: > 0 } live ? live[step.Pick % live.Count] : default;
            switch (step.Kind)
            {
                case 0:
                    Deposit(who, amount);
                    break;
                case 1:
                    // Some part of what the account has in USD, or all of it (a cross account's USD is often all its margin).
                    var usd = Account(who).FreeBalance;
                    var out_ = step.Pick % 3 == 0 ? usd : Math.Round(usd * (step.Pick % 10 + 1) / 10m, 2);
                    if (out_ <= 0)
                        out_ = amount;
                    Spend(who, () => _x.Send(new WithdrawFunds(who, RequestId.New(), out_, _now) { Marks = MarksNow() }), "usd-withdrawal", usd: out_);
                    break;
                case 2:
                    var units = AssetUnits(asset, step.Cents);
                    if (_x.Send(new DepositAsset(who, RequestId.New(), asset, units, _now)) is AccountCommandAccepted)
                        _assetsIn[asset] += units;
                    break;
                case 3:
                    var holding = Account(who).Holding(asset).Balance;
                    var taken = holding > 0 && step.Pick % 4 != 0 ? Math.Round(holding * (step.Pick % 10 + 1) / 10m, 8) : AssetUnits(asset, step.Cents);
                    Spend(who, () => _x.Send(new WithdrawAsset(who, RequestId.New(), asset, taken, _now) { Marks = MarksNow() }), "asset-withdrawal",
                        asset: asset, amount: taken);
                    break;
                case 4:
                case 5:
                case 6:
                    Open(who, market, amount / 10, step.Leverage / 100m, step.Long, cross: true);
                    break;
                case 7:
                    Open(who, market, amount / 10, step.Leverage / 100m, step.Long, cross: false);
                    break;
                case 8 when open.Id != default:
                    Close(open, fraction: null);
                    break;
                case 9 when open.Id != default:
                    Close(open, fraction: (step.Pick % 9 + 1) / 10m);
                    break;
                case 10:
                case 11:
                    _prices[market] = Math.Max(1m, Math.Round(_prices[market] * (1 + step.MoveBps / 10_000m), 2));
                    Report(market);
                    break;
                case 12:
                    // A trader's LP deposit: USD leaving the account, so a cross account's margin must allow it.
                    var lpDeposit = step.Pick % 3 == 0 ? Math.Max(Account(who).FreeBalance, 1m) : amount / 10;
                    Spend(who, () => Priced(market, p => new ProvideLiquidity(who, RequestId.New(), market, lpDeposit, p, _now) { Marks = MarksNow() }),
                        nameof(ProvideLiquidity), usd: lpDeposit);
                    break;
                case 13:
                    var lp = step.Pick % 2 == 0 ? Lp : who;
                    var shares = _x.Pools.SingleOrDefault(p => p.Market == market)?.Shares.GetValueOrDefault(lp) ?? 0m;
                    if (shares > 0)
                        Count(Priced(market, p => new WithdrawLiquidity(lp, RequestId.New(), market, Math.Round(shares * (step.Pick % 5 + 1) / 20m, 8), p, _now)),
                            nameof(WithdrawLiquidity));
                    break;
                case 15:
                    AllInOnAnAsset(who, market, asset, step);
                    break;
                case 16:
                case 17:
                    // Now and then a tick takes a single step, so the next steps meet an account still under liquidation.
                    CheckAccounts(rounds: step.Pick % 3 == 0 ? 1 : 8);
                    break;
                case 14:
                    // Time passes with both feeds alive: interest accrues on every reservation.
                    _now = _now.AddHours(step.Pick % 48);
                    Report(EthUsd);
                    Report(BtcUsd);
                    break;
            }
        }

        /// <summary>
        /// A trader moves its margin into an asset: deposits it, takes out nearly all its USD (keeping the
        /// fees), opens a cross position of 25 times the asset's initial value, and then asks for the asset back.
        /// </summary>
        private void AllInOnAnAsset(AccountId who, MarketId market, AssetId asset, Step step)
        {
            var units = AssetUnits(asset, step.Cents) + (asset.Value == "ETH" ? 0.5m : 0.02m);
            if (_x.Send(new DepositAsset(who, RequestId.New(), asset, units, _now)) is AccountCommandAccepted)
                _assetsIn[asset] += units;
            var price = _x.Oracles.Single(o => o.Market == market).Price!.Value;
            var notional = Math.Round(units * price * 0.80m * 25m, 2);
            var spare = Account(who).FreeBalance - Math.Round(notional * 0.002m, 2);
            if (spare > 0)
                Spend(who, () => _x.Send(new WithdrawFunds(who, RequestId.New(), spare, _now) { Marks = MarksNow() }), "usd-withdrawal", usd: spare);
            Open(who, market, Math.Round(notional / 50m, 2), 50m, step.Long, cross: true);
            var held = Account(who).Holding(asset).Balance;
            if (held > 0)
                Spend(who, () => _x.Send(new WithdrawAsset(who, RequestId.New(), asset, held, _now) { Marks = MarksNow() }), "asset-withdrawal",
                    asset: asset, amount: held);
        }

        /// <summary>
        /// What the cross-account watcher does at a tick: each trader is checked at the marks now, and
        /// again (up to <paramref name="rounds"/> checks) while a liquidation is open and moving (each check takes at most one step; a step the
        /// pure exchange could not finish in one delivery is resent as the retry timer would).
        /// </summary>
        private void CheckAccounts(int rounds)
        {
            var marks = MarksNow();
            foreach (var trader in Traders)
            {
                for (var round = 0; round < rounds; round++)
                {
                    var journal = _x.Journal.Count;
                    var answer = Assert.IsType<CrossAccountChecked>(_x.Send(new CheckCrossAccount(trader, marks, Keeper, _now)));
                    if (Account(trader).Liquidation is { InFlight: not null })
                        _x.RetryOutboxes();
                    foreach (var evt in _x.Journal.Skip(journal).Select(r => r.Event))
                        if (evt is AccountLiquidationStarted or CrossPositionLiquidationOrdered or CollateralSold or AccountShortfallOrdered or AccountLiquidationEnded)
                            seen.AddOrUpdate(evt.GetType().Name, 1, (_, n) => n + 1);
                    if (!answer.UnderLiquidation || _x.Journal.Count == journal)
                        break;
                }

                if (Account(trader).Liquidation is not null
                    && _x.Send(new WithdrawFunds(trader, RequestId.New(), 1m, _now) { Marks = marks }) is AccountCommandRejected
                    {
                        Reason.Code: RejectionCodes.AccountUnderLiquidation,
                    })
                    seen.AddOrUpdate("refused-under-liquidation", 1, (_, n) => n + 1);
            }
        }

        private void Deposit(AccountId who, decimal amount)
        {
            if (_x.Send(new DepositFunds(who, RequestId.New(), amount, _now)) is AccountCommandAccepted)
                _usdIn += amount;
        }

        /// <summary>
        /// Anything leaving an account (USD, an asset, an LP deposit). Accepted from an account that has
        /// held cross positions, it left no debt and withdrawal equity covering the initial requirement.
        /// </summary>
        private void Spend(AccountId who, Func<object?> send, string kind, decimal usd = 0m, AssetId? asset = null, decimal amount = 0m)
        {
            var marks = MarksNow();
            var before = Account(who);
            var reply = send();
            var after = Account(who);
            var code = (reply as AccountCommandRejected)?.Reason.Code;
            if (code is null && reply is AccountCommandAccepted or LiquidityRequestCompleted)
            {
                seen.AddOrUpdate(kind, 1, (_, n) => n + 1);
                if (kind == "usd-withdrawal")
                    _usdOut += usd;
                if (asset is { } a)
                    _assetsIn[a] -= amount;
                if (before.HeldCross)
                {
                    Assert.True(after.FreeBalance >= 0, $"{kind} of {who} left USD {after.FreeBalance}");
                    var value = CrossMargin.Of(after, marks, CrossValuation.Withdrawal);
                    Assert.True(value.Equity >= value.Requirement, $"{kind} of {who} left withdrawal equity {value.Equity} below {value.Requirement}");
                }
            }
            else
            {
                if (before.FreeBalance < 0)
                    seen.AddOrUpdate("spend-refused-in-debt", 1, (_, n) => n + 1);
                Assert.Equal(before.FreeBalance, after.FreeBalance);
                Assert.Equal(Holdings(before), Holdings(after));
            }

            if (code == RejectionCodes.WithdrawalBreachesMargin)
            {
                seen.AddOrUpdate(kind switch
                {
                    "asset-withdrawal" => "asset-withdrawal-refused-for-margin",
                    nameof(ProvideLiquidity) => "lp-deposit-refused-for-margin",
                    _ => "withdrawal-refused-for-margin",
                }, 1, (_, n) => n + 1);
            }
        }

        private void Open(AccountId who, MarketId market, decimal collateral, decimal leverage, bool isLong, bool cross)
        {
            var id = PositionId.New();
            // An isolated open of a cross account without marks is refused; the API always sends them while cross is on.
            var marks = cross || collateral > 10m ? MarksNow() : null;
            var before = Account(who);
            var reply = Priced(market, p => new OpenPosition(id, who, RequestId.New(), market, isLong ? PositionSide.Long : PositionSide.Short,
                collateral, leverage, p, _now) { Cross = cross, Marks = marks });
            if (reply is PositionCommandAccepted)
            {
                _positions.Add((id, who, cross));
                seen.AddOrUpdate(cross ? "cross-open" : "isolated-open", 1, (_, n) => n + 1);
                if (cross)
                {
                    Assert.Equal(0m, _x.Positions.Single(p => p.Id == id).Collateral);
                    Assert.True(Account(who).CrossPositions.ContainsKey(id), $"admitted {id} is not on its account");
                }
            }
            else if (reply is PositionCommandRejected { Reason.Code: var code })
            {
                if (code == RejectionCodes.InsufficientCrossMargin)
                    seen.AddOrUpdate("cross-refused-for-margin", 1, (_, n) => n + 1);
                if (!cross && marks is null && code == RejectionCodes.WithdrawalBreachesMargin)
                    seen.AddOrUpdate("isolated-refused-without-marks", 1, (_, n) => n + 1);
                Assert.Equal(before.FreeBalance, Account(who).FreeBalance);
                Assert.Equal(before.CrossPositions.Count, Account(who).CrossPositions.Count);
            }
        }

        private void Close((PositionId Id, AccountId Owner, bool Cross) open, decimal? fraction)
        {
            var market = _x.Positions.Single(p => p.Id == open.Id).Market;
            var usd = Account(open.Owner).FreeBalance;
            var paid = _x.Positions.Single(p => p.Id == open.Id).RealizedPayout;
            var reply = Priced(market, p => fraction is { } f
                ? new DecreasePosition(open.Id, open.Owner, RequestId.New(), f, p, _now)
                : new ClosePosition(open.Id, open.Owner, RequestId.New(), p, _now));
            if (reply is not PositionCommandAccepted)
                return;
            var position = _x.Positions.Single(p => p.Id == open.Id);
            var account = Account(open.Owner);
            if (!open.Cross)
            {
                seen.AddOrUpdate(fraction is null ? "isolated-close" : "isolated-decrease", 1, (_, n) => n + 1);
                return;
            }

            // A cross close or decrease moves exactly its net payout (the position's realised payout grows by it)
            // through the account's USD, a loss taken from it even beyond zero.
            var payout = position.RealizedPayout - paid;
            Assert.Equal(usd + payout, account.FreeBalance);
            if (fraction is not null)
            {
                seen.AddOrUpdate("cross-decrease", 1, (_, n) => n + 1);
                return;
            }

            Assert.Equal(PositionStatus.Closed, position.Status);
            Assert.False(account.CrossPositions.ContainsKey(open.Id));
            seen.AddOrUpdate(payout < 0 ? "cross-close-at-a-loss" : "cross-close-at-a-profit", 1, (_, n) => n + 1);
        }

        private IEnumerable<(PositionId Id, AccountId Owner, bool Cross)> OpenOnes() =>
            _positions.Where(p => _x.Positions.Single(s => s.Id == p.Id).Status == PositionStatus.Open);

        /// <summary>Up to about 2.5 ETH or 0.1 BTC.</summary>
        private static decimal AssetUnits(AssetId asset, int cents) =>
            asset.Value == "ETH" ? cents / 200_000m : cents / 5_000_000m;

        private AccountState Account(AccountId id) => _x.Accounts.Single(a => a.Id == id);

        private static string Holdings(AccountState a) =>
            string.Join(",", a.Holdings.OrderBy(h => h.Key.Value, StringComparer.Ordinal).Select(h => $"{h.Key}={h.Value.Balance}"));

        /// <summary>A command at the oracle's price, both feeds reported again first when stale, as a live feed keeps them.</summary>
        private object? Priced(MarketId market, Func<decimal, object> command)
        {
            Fresh();
            return _x.Send(command(_x.Oracles.Single(o => o.Market == market).Price!.Value));
        }

        /// <summary>Every market's latest accepted price with its number and its pool's index now, as the API reads them.</summary>
        private IReadOnlyList<MarketMark> MarksNow()
        {
            Fresh();
            return
            [
                .. Markets.Select(m => _x.Oracles.Single(o => o.Market == m)).Select(o => new MarketMark(o.Market, o.Price!.Value, o.Sequence,
                    _x.Pools.SingleOrDefault(p => p.Market == o.Market)?.AccruedTo(_now).BorrowIndex ?? 1m)),
            ];
        }

        private void Fresh()
        {
            foreach (var market in Markets)
                if (_now - _reported[market] > TimeSpan.FromSeconds(30))
                    Report(market);
        }

        private void Report(MarketId market)
        {
            foreach (var source in OracleParameters.Default.Sources)
                _x.Send(new ReportPrice(market, source, _prices[market], _now, _now));
            _reported[market] = _now;
        }

        private void Count(object? reply, string kind)
        {
            if (reply is LiquidityRequestCompleted or AccountCommandAccepted)
                seen.AddOrUpdate(kind, 1, (_, n) => n + 1);
        }
    }
}
