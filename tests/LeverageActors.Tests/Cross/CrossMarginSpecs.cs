using LeverageActors.Actors.Accounts;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Cross;

/// <summary>
/// Cross equity by hand, and the decisions that rest on it, on the pure states: the account's
/// formula, the withdrawal valuation that leaves gains out, an open refused for margin, and a close
/// whose loss is taken from the account's USD, also beyond it (a debt). The books balance, each
/// asset apart, and the audit replays the journal clean.
/// </summary>
public sealed class CrossMarginSpecs
{
    private static readonly DateTimeOffset T0 = ExchangeStory.T0;
    private static readonly MarketId EthUsd = MarketId.From("ETH-USD");
    private static readonly MarketId BtcUsd = MarketId.From("BTC-USD");
    private static readonly AssetId Eth = AssetId.From("ETH");

    /// <summary>
    /// USD 1,000 and 2 ETH; cross: 5 ETH long from 2,000 (reserved 9,000, index 1 at open) and a
    /// 0.2 BTC short from 50,000 (reserved 9,000). Closing fee 0.05%, imr 2%, mmr 1%.
    /// </summary>
    private static AccountState Portfolio()
    {
        var id = AccountId.From("p");
        var s = AccountState.Initial(id)
            .Apply(new AccountOpened(id, RequestId.From("o"), T0))
            .Apply(new FundsDeposited(id, RequestId.From("d"), 1_000m, T0))
            .Apply(new AssetDeposited(id, RequestId.From("e"), Eth, 2m, T0));
        foreach (var (n, terms) in new[]
                 {
                     (1, new CrossTerms(EthUsd, PositionSide.Long, 5m, 2_000m, 9_000m, 0.0005m, 0.02m, 0.01m)),
                     (2, new CrossTerms(BtcUsd, PositionSide.Short, 0.2m, 50_000m, 9_000m, 0.0005m, 0.02m, 0.01m)),
                 })
        {
            var position = PositionId.From($"x{n}");
            var transfer = TransferId.Of(position, 1);
            s = s.Apply(new CrossPositionAdmitted(id, transfer, position, terms, 0m, [], 0m, 0m, T0))
                .Apply(new CrossPositionConfirmed(id, transfer, position, 0m, 1m, T0));
        }

        return s;
    }

    /// <summary>ETH at 2,200 with the ETH pool's index at 1.01; BTC at 52,000, index 1.</summary>
    private static readonly IReadOnlyList<MarketMark> Marks =
        [new MarketMark(EthUsd, 2_200m, 7, 1.01m), new MarketMark(BtcUsd, 52_000m, 3, 1m)];

    [Fact]
    public void Cross_equity_is_USD_plus_weighted_assets_plus_each_positions_pnl_less_interest_and_closing_fee()
    {
        var a = Portfolio();

        // ETH long: +1,000 PnL, 9,000 × 0.01 = 90 interest, 5 × 2,200 × 0.0005 = 5.5 fee: +904.5.
        // BTC short: 0.2 × (50,000 − 52,000) = −400, no interest, 0.2 × 52,000 × 0.0005 = 5.2 fee: −405.2.
        // Maintenance: 1,000 + 2 × 2,200 × 0.90 + 904.5 − 405.2; requirement 1% of 11,000 + 10,400.
        var maintenance = CrossMargin.Of(a, Marks, CrossValuation.Maintenance);
        Assert.Equal(5_459.3m, maintenance.Equity);
        Assert.Equal(214m, maintenance.Requirement);
        // Initial: ETH at 0.80; requirement 2%.
        var initial = CrossMargin.Of(a, Marks, CrossValuation.Initial);
        Assert.Equal(5_019.3m, initial.Equity);
        Assert.Equal(428m, initial.Requirement);
        // Withdrawal: the ETH long's gain counts as 0, its interest and fee still do.
        Assert.Equal(4_019.3m, CrossMargin.Of(a, Marks, CrossValuation.Withdrawal).Equity);

        var report = CrossMarginReport.Of(a, Marks);
        Assert.Equal(5_459.3m, report.Equity);
        Assert.Equal(5_019.3m - 428m, report.FreeMargin);
        Assert.Equal(5_459.3m / 214m, report.Health);
        Assert.Equal(3_960m, Assert.Single(report.Assets, v => v.Asset == Eth).MaintenanceValue);
        Assert.Equal([904.5m, -405.2m], report.Positions.Select(p => p.Contribution));
    }

    [Fact]
    public void The_watchers_exposure_is_the_accounts_surplus_and_each_markets_slope()
    {
        var exposure = CrossExposureOf.Account(Portfolio(), Marks);

        // 5,459.3 − 214; ETH: 5 × (1 + 1% + 0.05%) + 2 × 0.90; BTC: 0.2 × 1.0105.
        Assert.Equal(5_245.3m, exposure.Surplus);
        Assert.Equal([(EthUsd, 2_200m, 6.8525m), (BtcUsd, 52_000m, 0.2021m)],
            exposure.Markets.OrderBy(m => m.Market.Value == "BTC-USD").Select(m => (m.Market, m.Price, m.Sensitivity)));
    }

    [Fact]
    public void A_withdrawal_counts_no_unrealised_gain()
    {
        var a = Portfolio();

        // 2 ETH and 100 USD out: 900 − 95.5 − 405.2 = 399.3 < 428, though with the gain it would be 1,399.3.
        var refused = CrossMargin.VetoSpend(a, Marks, 100m, Eth, 2m);
        Assert.Equal(RejectionCodes.WithdrawalBreachesMargin, refused?.Code);
        var without = a with { FreeBalance = 900m, Holdings = a.Holdings.SetItem(Eth, a.Holding(Eth).Withdraw(2m)) };
        Assert.Equal(1_399.3m, CrossMargin.Of(without, Marks, CrossValuation.Initial).Equity);
        // 2 ETH alone leaves 499.3: allowed.
        Assert.Null(CrossMargin.VetoSpend(a, Marks, 0m, Eth, 2m));
        // Without marks nothing leaves a cross account.
        Assert.Equal(RejectionCodes.WithdrawalBreachesMargin, CrossMargin.VetoSpend(a, null, 1m)?.Code);
    }

    [Fact]
    public void An_open_the_cross_equity_does_not_cover_is_refused_and_nothing_moves()
    {
        var s = new ExchangeStory();
        var lp = s.Funded("lp", 1_000_000m);
        s.PriceIs(2_000m);
        s.Provide(lp, 1_000_000m);
        var trader = s.Funded("trader", 100m);

        // 50,000 of notional needs 1,000; the account has 100 − 25 fee − 25 closing fee = 50.
        var reply = OpenCross(s, trader, PositionSide.Long, 1_000m, 50m);

        Assert.Equal(RejectionCodes.InsufficientCrossMargin, Assert.IsType<PositionCommandRejected>(reply).Reason.Code);
        var account = s.X.Accounts.Single(a => a.Id == trader);
        Assert.Equal(100m, account.FreeBalance);
        Assert.Empty(account.CrossPositions);
        Assert.Equal(0m, s.Pool().Reserved);
        s.BooksBalance();
        Assert.Empty(AuditedJournal.Of(s.X.Journal).Violations);
    }

    [Fact]
    public void A_close_realises_its_loss_from_the_accounts_USD()
    {
        var s = new ExchangeStory();
        var lp = s.Funded("lp", 1_000_000m);
        s.PriceIs(2_000m);
        s.Provide(lp, 1_000_000m);
        var trader = s.Funded("trader", 1_000m);

        // 2.5 ETH long (500 × 10), opening fee 2.5 from USD.
        var id = Assert.IsType<PositionCommandAccepted>(OpenCross(s, trader, PositionSide.Long, 500m, 10m)).PositionId;
        Assert.Equal(997.5m, s.X.Accounts.Single(a => a.Id == trader).FreeBalance);
        Assert.Equal(0m, s.Position(id).Collateral);

        s.PriceIs(1_800m);
        var assets = s.Pool().Assets;
        Assert.IsType<PositionCommandAccepted>(s.X.Send(new ClosePosition(id, trader, RequestId.New(), s.Price(), s.Now)));

        // −500 and a 2.25 closing fee, from USD; the pool keeps the 500 and its share of the fee.
        var account = s.X.Accounts.Single(a => a.Id == trader);
        Assert.Equal(997.5m - 500m - 2.25m, account.FreeBalance);
        Assert.Empty(account.CrossPositions);
        Assert.Equal(PositionStatus.Closed, s.Position(id).Status);
        Assert.Equal(-502.25m, s.Position(id).RealizedPayout);
        Assert.True(s.Pool().Assets > assets + 500m);
        s.BooksBalance();
        Assert.Empty(AuditedJournal.Of(s.X.Journal).Violations);
    }

    [Fact]
    public void A_loss_beyond_the_USD_balance_leaves_a_debt_the_other_assets_back_and_nothing_leaves_until_repaid()
    {
        var s = new ExchangeStory();
        var lp = s.Funded("lp", 1_000_000m);
        s.PriceIs(2_000m);
        s.Provide(lp, 1_000_000m);
        var trader = s.Funded("trader", 300m);
        s.DepositsAsset(trader, "ETH", 1m);

        var id = Assert.IsType<PositionCommandAccepted>(OpenCross(s, trader, PositionSide.Long, 500m, 10m)).PositionId;
        s.PriceIs(1_800m);
        s.X.Send(new ClosePosition(id, trader, RequestId.New(), s.Price(), s.Now));

        // 300 − 2.5 − 500 − 2.25: the pool was paid in full, the account owes USD.
        var account = s.X.Accounts.Single(a => a.Id == trader);
        Assert.Equal(-204.75m, account.FreeBalance);
        Assert.Equal(1m, account.Holding(Eth).Balance);
        var refused = Assert.IsType<AccountCommandRejected>(
            s.X.Send(new WithdrawAsset(trader, RequestId.New(), Eth, 0.1m, s.Now) { Marks = s.Marks() }));
        Assert.Equal(RejectionCodes.WithdrawalBreachesMargin, refused.Reason.Code);
        Assert.IsType<AccountCommandRejected>(s.X.Send(new WithdrawFunds(trader, RequestId.New(), 1m, s.Now)));

        // Repaid, the ETH may leave again.
        s.X.Send(new DepositFunds(trader, RequestId.New(), 204.75m, s.Now));
        Assert.IsType<AccountCommandAccepted>(s.X.Send(new WithdrawAsset(trader, RequestId.New(), Eth, 1m, s.Now) { Marks = s.Marks() }));
        s.BooksBalance();
        Assert.Empty(AuditedJournal.Of(s.X.Journal).Violations);
    }

    [Fact]
    public void The_audit_catches_an_admission_recorded_above_what_the_marks_give()
    {
        var s = new ExchangeStory();
        var lp = s.Funded("lp", 1_000_000m);
        s.PriceIs(2_000m);
        s.Provide(lp, 1_000_000m);
        var trader = s.Funded("trader", 1_000m);
        OpenCross(s, trader, PositionSide.Long, 500m, 10m);

        var journal = s.X.Journal
            .Select(r => r.Event is CrossPositionAdmitted a ? (r.PersistenceId, (Messages.ILeverageEvent)(a with { Equity = a.Equity + 1m })) : r)
            .ToList();

        Assert.Contains(AuditedJournal.Of(journal).Violations, v => v.Rule == "cross-admission");
    }

    private static object? OpenCross(ExchangeStory s, AccountId trader, PositionSide side, decimal collateral, decimal leverage) =>
        s.X.Send(new OpenPosition(PositionId.New(), trader, RequestId.New(), ExchangeStory.Eth, side, collateral, leverage, s.Price(), s.Now)
        {
            Cross = true,
            Marks = s.Marks(),
        });

    /// <summary>Every market's latest accepted price with its number, and its pool's index now.</summary>
}
