using LeverageActors.Actors.Accounts;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Cross;

/// <summary>
/// Account liquidations through the pure exchange, every entity's own saga answering (issue 16
/// item 3): the account checked at the oracle's marks orders its cross positions closed, the
/// positions settle with the pools, the account sells its collateral to the liquidator's account
/// and asks the pools for what is still owed. After each step the books balance, each asset is
/// held in full over the accounts, and the audit of the journal is clean.
/// </summary>
public sealed class AccountLiquidationStories
{
    private static readonly MarketId Btc = MarketId.From("BTC-USD");
    private static readonly AssetId EthAsset = AssetId.From("ETH");

    /// <summary>A check as the watcher sends it: at the marks of now, naming the markets inside a halt.</summary>
    private static CrossAccountChecked Check(ExchangeStory s, AccountId account, AccountId keeper) =>
        Assert.IsType<CrossAccountChecked>(s.X.Send(new CheckCrossAccount(account, s.Marks(), keeper, s.Now) { Halted = s.Halted() }));

    private static AccountState Account(ExchangeStory s, AccountId id) => s.X.Accounts.Single(a => a.Id == id);

    private static void Balanced(ExchangeStory s, decimal eth)
    {
        s.BooksBalance();
        Assert.Equal(eth, s.X.Accounts.Sum(a => a.Holding(EthAsset).Balance));
        Assert.Empty(AuditedJournal.Of(s.X.Journal).Violations);
    }

    /// <summary>A pool of 1,000,000 at 2,000; 7.2 ETH and the 10 USD opening fee back a cross 10 ETH long (400 × 50); a keeper with <paramref name="keeperUsd"/>.</summary>
    internal static (ExchangeStory S, AccountId Trader, AccountId Keeper, PositionId Long) EthLongOnEth(decimal keeperUsd)
    {
        var s = new ExchangeStory();
        var lp = s.Funded("lp", 1_000_000m);
        s.PriceIs(2_000m);
        s.Provide(lp, 1_000_000m);
        var trader = s.Funded("trader", 10m);
        s.DepositsAsset(trader, "ETH", 7.2m);
        var keeper = s.Funded("keeper", keeperUsd);
        return (s, trader, keeper, s.OpensCrossLong(trader, ExchangeStory.Eth, 400m, 50m));
    }

    [Fact]
    public void An_ETH_long_on_ETH_collateral_in_a_40_percent_crash_is_closed_first_then_its_ETH_is_sold_to_the_liquidator_at_the_bonus()
    {
        var (s, trader, keeper, id) = EthLongOnEth(keeperUsd: 10_000m);
        Assert.False(Check(s, trader, keeper).UnderLiquidation);

        s.PriceIs(1_200m);
        // 7.2 × 1,200 × 0.9 − 8,000 − 6 = −230 against 120: the whole long is closed first.
        Assert.Equal(new CrossAccountChecked(trader, true, -230m, 120m), Check(s, trader, keeper));
        Assert.Equal(PositionStatus.Liquidated, s.Position(id).Status);
        // Loss 8,000, fee 6 and the 60 penalty from USD; half the penalty to the keeper.
        Assert.Equal(-8_066m, Account(s, trader).FreeBalance);
        Assert.Equal(10_030m, Account(s, keeper).FreeBalance);
        Balanced(s, 7.2m);

        // The debt is sold for, once the breaker's halt the crash tripped is over: 7.075439 ETH at 1,140 for 8,066.00046.
        s.PastHalt();
        Assert.True(Check(s, trader, keeper).UnderLiquidation);
        Assert.Equal(0.124561m, Account(s, trader).Holding(EthAsset).Balance);
        Assert.Equal(0.00046m, Account(s, trader).FreeBalance);
        Assert.Equal(7.075439m, Account(s, keeper).Holding(EthAsset).Balance);
        Assert.Equal(10_030m - 8_066.00046m, Account(s, keeper).FreeBalance);
        Balanced(s, 7.2m);

        Assert.False(Check(s, trader, keeper).UnderLiquidation);
        Assert.Null(Account(s, trader).Liquidation);
        Balanced(s, 7.2m);
    }

    /// <summary>
    /// A crash of one tick trips the circuit breaker: the long is closed at once (risk comes off through
    /// a halt), but the ETH is sold for the debt only once the halt is over, at the price then; while it
    /// lasts, each check leaves the collateral where it is and asks the pools for nothing.
    /// </summary>
    [Fact]
    public void In_a_crash_that_trips_the_breaker_the_long_is_closed_at_once_and_the_ETH_sold_once_the_halt_is_over()
    {
        var (s, trader, keeper, id) = EthLongOnEth(keeperUsd: 10_000m);
        s.PriceIs(1_200m);
        Assert.Equal([ExchangeStory.Eth], s.Halted()!);

        Check(s, trader, keeper);
        Assert.Equal(PositionStatus.Liquidated, s.Position(id).Status);
        for (var tick = 0; tick < 3; tick++)
        {
            s.Advance(TimeSpan.FromSeconds(1));
            s.PriceIs(1_200m);
            Assert.True(Check(s, trader, keeper).UnderLiquidation);
        }

        Assert.Empty(s.X.Journal.Select(r => r.Event).OfType<CollateralSaleOrdered>());
        Assert.Empty(s.X.Journal.Select(r => r.Event).OfType<AccountShortfallOrdered>());
        Assert.Equal((7.2m, -8_066m), (Account(s, trader).Holding(EthAsset).Balance, Account(s, trader).FreeBalance));
        Balanced(s, 7.2m);

        s.PastHalt();
        Assert.True(Check(s, trader, keeper).UnderLiquidation);
        Assert.Equal(7.075439m, s.X.Journal.Select(r => r.Event).OfType<CollateralSaleOrdered>().Single().Quantity);
        Assert.False(Check(s, trader, keeper).UnderLiquidation);
        Balanced(s, 7.2m);
    }

    /// <summary>
    /// At 1,100 the account is worth 7.2 × 1,100 − 9,000 = −1,080 before any charge. Its closure used
    /// to take the 5.5 fee and the 55 penalty and its ETH to go at 1,045: the pools paid 1,536.5, 456.5
    /// of it the fee, the penalty and the discount (423.5 to the keeper). Now nothing is charged and
    /// the ETH goes at the mark: the pools pay exactly the 1,080 the account lost beyond its collateral.
    /// </summary>
    [Fact]
    public void A_bankrupt_account_pays_no_fee_penalty_or_discount_so_the_pools_cover_exactly_its_loss_beyond_its_collateral()
    {
        var (s, trader, keeper, id) = EthLongOnEth(keeperUsd: 10_000m);
        var insurance = s.Pool().InsuranceFund;
        s.PriceIs(1_100m);

        Check(s, trader, keeper);
        Assert.Equal(PositionStatus.Liquidated, s.Position(id).Status);
        var closure = s.X.Journal.Select(r => r.Event).OfType<CrossPositionLiquidationOrdered>().Single();
        Assert.Equal(0m, closure.ChargeCap);
        Assert.Equal(-9_000m, Account(s, trader).FreeBalance);
        Assert.Equal(10_000m, Account(s, keeper).FreeBalance);
        Assert.Equal(insurance, s.Pool().InsuranceFund);
        Balanced(s, 7.2m);

        s.PastHalt();
        Check(s, trader, keeper);
        var sale = s.X.Journal.Select(r => r.Event).OfType<CollateralSaleOrdered>().Single();
        Assert.Equal((7.2m, 1_100m, 7_920m), (sale.Quantity, sale.Price, sale.Proceeds));
        Assert.Equal(-1_080m, Account(s, trader).FreeBalance);
        Assert.Equal(10_000m, Account(s, keeper).FreeBalance + Account(s, keeper).Holding(EthAsset).Balance * 1_100m);
        Balanced(s, 7.2m);

        Check(s, trader, keeper);
        Assert.Equal(1_080m, s.X.Journal.Select(r => r.Event).OfType<AccountShortfallOrdered>().Single().Shortfall);
        Assert.Equal(0m, Account(s, trader).FreeBalance);
        Assert.False(Check(s, trader, keeper).UnderLiquidation);
        Balanced(s, 7.2m);
    }

    /// <summary>
    /// At 1,165 the account is worth 7.2 × 1,165 − 8,350 = 38 before any charge: the 5.825 fee is
    /// paid whole and the penalty takes the 32.175 left of it (half to the keeper), then the ETH goes
    /// at the mark and repays the debt exactly. The full charges and discount used to leave the pools
    /// a shortfall of 445.475.
    /// </summary>
    [Fact]
    public void An_account_worth_less_than_its_liquidation_charges_pays_what_it_has_and_leaves_the_pools_nothing()
    {
        var (s, trader, keeper, _) = EthLongOnEth(keeperUsd: 10_000m);
        s.PriceIs(1_165m);

        Check(s, trader, keeper);
        Assert.Equal(38m, s.X.Journal.Select(r => r.Event).OfType<CrossPositionLiquidationOrdered>().Single().ChargeCap);
        var settled = s.X.Journal.Select(r => r.Event).OfType<CrossPositionLiquidated>().Single().Settlement;
        Assert.Equal((5.825m, 32.175m, 16.0875m), (settled.CloseFee, settled.Penalty, settled.LiquidatorReward));
        Assert.Equal(-8_388m, Account(s, trader).FreeBalance);
        Balanced(s, 7.2m);

        s.PastHalt();
        Check(s, trader, keeper);
        var sale = s.X.Journal.Select(r => r.Event).OfType<CollateralSaleOrdered>().Single();
        Assert.Equal((7.2m, 1_165m, 8_388m), (sale.Quantity, sale.Price, sale.Proceeds));
        Assert.Equal(0m, Account(s, trader).FreeBalance);
        Assert.Equal(10_000m + 16.0875m - 8_388m, Account(s, keeper).FreeBalance);

        Assert.False(Check(s, trader, keeper).UnderLiquidation);
        Assert.Empty(s.X.Journal.Select(r => r.Event).OfType<AccountShortfallOrdered>());
        Balanced(s, 7.2m);
    }

    /// <summary>A bankrupt account liquidated to the end at 1,100 (the story above): a closure, a sale, a shortfall, the end.</summary>
    private static ExchangeStory LiquidatedAt1100()
    {
        var (s, trader, keeper, _) = EthLongOnEth(keeperUsd: 10_000m);
        s.PriceIs(1_100m);
        Check(s, trader, keeper);
        s.PastHalt();
        Check(s, trader, keeper);
        Check(s, trader, keeper);

        Assert.False(Check(s, trader, keeper).UnderLiquidation);
        Assert.Empty(AuditedJournal.Of(s.X.Journal).Violations);
        return s;
    }

    /// <summary>
    /// A healthy account's long closed by a liquidation no account liquidation ordered, as rows a forger
    /// appends (review, CONFIRMED): it drew from the account, paid the named keeper half a penalty and
    /// balanced the books, and the audit checked only its mark. It is named now.
    /// </summary>
    [Fact]
    public void A_cross_closure_no_account_liquidation_ordered_is_caught_by_the_audit()
    {
        var (s, trader, keeper, id) = EthLongOnEth(keeperUsd: 10_000m);
        Assert.False(Check(s, trader, keeper).UnderLiquidation);
        var mark = s.Marks().Single(m => m.Market == ExchangeStory.Eth);

        s.X.Send(new LiquidateCrossPosition(id, trader, 1, TransferId.From("trader.liq1.1"), 1m, mark, keeper, s.Now));
        Assert.Equal(PositionStatus.Liquidated, s.Position(id).Status);
        s.BooksBalance();

        Assert.Contains(AuditedJournal.Of(s.X.Journal).Violations, v => v.Rule == "cross-liquidation-order" && v.Entity == $"position-{id}");
    }

    /// <summary>An order carried out once, started again (a second close of what is left at the old mark), is named (review).</summary>
    [Fact]
    public void A_closure_started_twice_on_one_order_is_caught_by_the_audit()
    {
        var s = LiquidatedAt1100();
        var rows = s.X.Journal.Select(r => (r.PersistenceId, r.Event)).ToList();
        var start = rows.Single(r => r.Event is CrossLiquidationStarted);
        rows.Add(start);

        Assert.Contains(AuditedJournal.Of(rows).Violations, v => v.Rule == "cross-liquidation-order" && v.Found == "an order already carried out");
    }

    /// <summary>
    /// An order the position refused (an owner's close was under way), carried out later by rows a forger
    /// appends once the dip has passed: the order is real and its mark an accepted price, so only the
    /// refusal tells (review, CONFIRMED). Here the refusal is written in ahead of the honest start.
    /// </summary>
    [Fact]
    public void A_closure_carrying_out_an_order_the_position_refused_is_caught_by_the_audit()
    {
        var rows = LiquidatedAt1100().X.Journal.Select(r => (r.PersistenceId, r.Event)).ToList();
        var ordered = rows.FindIndex(r => r.Event is CrossPositionLiquidationOrdered);
        var order = (CrossPositionLiquidationOrdered)rows[ordered].Event;
        rows.Insert(ordered + 1, (rows[ordered].PersistenceId, new CrossPositionLiquidationRefused(order.AccountId, order.Liquidation, order.SettleTransfer,
            order.PositionId, new Messages.Common.Rejection(Messages.Common.RejectionCodes.RequestInProgress, "settling for its owner"), order.At)));

        Assert.Contains(AuditedJournal.Of(rows).Violations, v => v.Rule == "cross-liquidation-order" && v.Found == "an order the position had refused");
    }

    /// <summary>The same race the other way round: the account's refusal recorded after the position started the order (review).</summary>
    [Fact]
    public void A_refusal_recorded_after_its_order_was_started_is_caught_by_the_audit()
    {
        var rows = LiquidatedAt1100().X.Journal.Select(r => (r.PersistenceId, r.Event)).ToList();
        var ordered = rows.Single(r => r.Event is CrossPositionLiquidationOrdered);
        var order = (CrossPositionLiquidationOrdered)ordered.Event;
        rows.Add((ordered.PersistenceId, new CrossPositionLiquidationRefused(order.AccountId, order.Liquidation, order.SettleTransfer, order.PositionId,
            new Messages.Common.Rejection(Messages.Common.RejectionCodes.RequestInProgress, "settling for its owner"), order.At)));

        Assert.Contains(AuditedJournal.Of(rows).Violations, v => v.Rule == "cross-liquidation-order" && v.Found == "a refusal after the start");
    }

    /// <summary>A start back-dated or post-dated from its order's time (which sets its funding bound) is named (review).</summary>
    [Fact]
    public void A_closure_started_at_another_time_than_its_order_is_caught_by_the_audit()
    {
        var journal = AuditedJournal.Edited(LiquidatedAt1100(), e => e is CrossLiquidationStarted x ? x with { At = x.At.AddSeconds(-30) } : e);

        Assert.Contains(AuditedJournal.Of(journal).Violations, v => v.Rule == "cross-liquidation-order");
    }

    [Fact]
    public void A_closure_order_whose_charge_cap_was_raised_is_caught_by_the_audit()
    {
        var journal = AuditedJournal.Edited(LiquidatedAt1100(), e => e is CrossPositionLiquidationOrdered o ? o with { ChargeCap = 100m } : e);

        Assert.Contains(AuditedJournal.Of(journal).Violations, v => v.Rule == "account-liquidation" && v.Entity == "account-trader");
    }

    [Fact]
    public void A_closure_started_without_its_orders_cap_is_settled_by_a_different_rule_and_caught()
    {
        var journal = AuditedJournal.Edited(LiquidatedAt1100(), e => e is CrossLiquidationStarted x ? x with { ChargeCap = null } : e);

        Assert.Contains(AuditedJournal.Of(journal).Violations, v => v.Rule == "settlement");
    }

    [Fact]
    public void A_sale_at_the_full_bonus_from_a_bankrupt_account_is_caught_by_the_audit()
    {
        var journal = AuditedJournal.Edited(LiquidatedAt1100(), e => e is CollateralSaleOrdered o ? o with { Price = 1_045m, Proceeds = 7_524m } : e);

        Assert.Contains(AuditedJournal.Of(journal).Violations, v => v.Rule == "account-liquidation" && v.Entity == "account-trader");
    }

    [Fact]
    public void A_sale_cut_short_by_a_crash_is_finished_once_by_the_outbox_after_recovery()
    {
        var (s, trader, keeper, _) = EthLongOnEth(keeperUsd: 10_000m);
        s.PriceIs(1_200m);
        Check(s, trader, keeper);
        s.PastHalt();

        // The sale is ordered and the node dies before the keeper hears of it.
        s.X.Send(new CheckCrossAccount(trader, s.Marks(), keeper, s.Now), maxDeliveries: 1);
        Assert.IsType<CollateralSaleOrdered>(s.X.Journal[^1].Event);
        s.X.Restart();
        s.X.RetryOutboxes();
        s.X.RetryOutboxes();

        Assert.Single(s.X.Journal.Select(r => r.Event).OfType<LiquidatedCollateralBought>());
        Assert.Single(s.X.Journal.Select(r => r.Event).OfType<CollateralSold>());
        Assert.Equal(7.075439m, Account(s, keeper).Holding(EthAsset).Balance);
        Assert.Equal(0.00046m, Account(s, trader).FreeBalance);
        Balanced(s, 7.2m);
    }

    [Fact]
    public void A_cross_account_gapped_below_zero_is_charged_nothing_and_its_shortfall_is_paid_by_the_pools_that_lost_it_in_proportion() =>
        GappedBelowZero();

    /// <summary>
    /// A pool's cover and the account's receipt raised together by 1,000 balance, and each side was
    /// decided again from its own row (a review's finding): both are now held to the share the
    /// account ordered of that pool, and the receipt to what the pool paid.
    /// </summary>
    [Fact]
    public void A_cover_and_its_receipt_raised_together_past_the_ordered_share_are_caught_by_the_audit()
    {
        var s = GappedBelowZero();
        var journal = AuditedJournal.Edited(s, e => e switch
        {
            AccountShortfallPaid { Market.Value: "ETH-USD" } paid => paid with { Requested = paid.Requested + 1_000m, FromLiquidity = paid.FromLiquidity + 1_000m },
            AccountShortfallReceived { Market.Value: "ETH-USD" } got => got with { Amount = got.Amount + 1_000m, FromLiquidity = got.FromLiquidity + 1_000m },
            _ => e,
        });

        var violations = AuditedJournal.Of(journal).Violations;

        Assert.Contains(violations, v => v.Rule == "shortfall-cover" && v.Entity == "pool-ETH-USD");
        Assert.DoesNotContain(violations, v => v.Rule == "books");
    }

    /// <summary>
    /// A cover written ahead of its order, paying nothing while the pool was empty, would answer the
    /// share for good once it is ordered (a review's finding on the rule above): the order is named.
    /// </summary>
    [Fact]
    public void A_cover_written_before_its_order_is_caught_by_the_audit()
    {
        var s = GappedBelowZero();
        var journal = s.X.Journal.Select(e => (e.PersistenceId, e.Event)).ToList();
        var ordered = journal.FindIndex(e => e.Event is AccountShortfallOrdered);
        var paid = journal.FindIndex(e => e.Event is AccountShortfallPaid { Market.Value: "ETH-USD" });
        var cover = journal[paid];
        journal.RemoveAt(paid);
        journal.Insert(ordered, cover);

        Assert.Contains(AuditedJournal.Of(journal).Violations, v => v.Rule == "shortfall-cover" && v.Entity == "account-trader");
    }

    /// <summary>
    /// ETH and BTC pools of 1,000,000 at 2,000 and 50,000; the trader's 1,000 USD backs 5 ETH and 0.2
    /// BTC long, each 200 × 50 (the two opening fees of 5 leave 990); then ETH falls 25% and BTC 20%.
    /// </summary>
    internal static (ExchangeStory S, AccountId Trader, AccountId Keeper, PositionId Eth, PositionId Btc) TwoLongsGapped(decimal keeperUsd)
    {
        var s = new ExchangeStory();
        var lp = s.Funded("lp", 2_000_000m);
        s.PriceIs(2_000m);
        s.PriceIs(50_000m, Btc);
        s.Provide(lp, 1_000_000m);
        s.Provide(lp, 1_000_000m, Btc);
        var trader = s.Funded("trader", 1_000m);
        var keeper = s.Funded("keeper", keeperUsd);
        var eth = s.OpensCrossLong(trader, ExchangeStory.Eth, 200m, 50m);
        var btc = s.OpensCrossLong(trader, Btc, 200m, 50m);
        Assert.Equal(990m, Account(s, trader).FreeBalance);
        s.PriceIs(1_500m);
        s.PriceIs(40_000m, Btc);
        return (s, trader, keeper, eth, btc);
    }

    private static ExchangeStory GappedBelowZero()
    {
        var (s, trader, keeper, _, _) = TwoLongsGapped(keeperUsd: 0.01m);
        // BTC's 8,000 of notional before ETH's 7,500: loss 2,000. The account is worth 990 − 4,500 < 0
        // before any charge, so neither closure takes a fee or a penalty: the pools would pay them.
        Check(s, trader, keeper);
        Assert.Equal(990m - 2_000m, Account(s, trader).FreeBalance);
        // ETH: loss 2,500.
        Check(s, trader, keeper);
        Assert.Equal(990m - 2_000m - 2_500m, Account(s, trader).FreeBalance);
        Assert.Empty(Account(s, trader).CrossPositions);
        Assert.All(s.X.Journal.Select(r => r.Event).OfType<CrossPositionLiquidationOrdered>(), o => Assert.Equal(0m, o.ChargeCap));
        Assert.Equal(0.01m, Account(s, keeper).FreeBalance);
        Balanced(s, 0m);
        Assert.Equal((0m, 0m), (s.Pool().InsuranceFund, s.Pool(Btc).InsuranceFund));
        var assets = (Eth: s.Pool().Assets, Btc: s.Pool(Btc).Assets);

        // Nothing to sell: 3,510 owed, exactly the trading loss beyond the 990; BTC's share 3,510 × 2,000 / 4,500, ETH the rest.
        Check(s, trader, keeper);
        var shortfall = s.X.Journal.Select(r => r.Event).OfType<AccountShortfallOrdered>().Single();
        Assert.Equal(3_510m, shortfall.Shortfall);
        Assert.Equal([(Btc, 2_000m, 1_560m), (ExchangeStory.Eth, 2_500m, 1_950m)],
            shortfall.Shares.Select(x => (x.Market, x.Loss, x.Amount)));
        Assert.Equal(0m, Account(s, trader).FreeBalance);
        // No insurance (the funds hold nothing): the LPs pay it all.
        Assert.Equal(assets.Eth - 1_950m, s.Pool().Assets);
        Assert.Equal(assets.Btc - 1_560m, s.Pool(Btc).Assets);
        Balanced(s, 0m);

        Assert.False(Check(s, trader, keeper).UnderLiquidation);
        Balanced(s, 0m);
        return s;
    }
}
