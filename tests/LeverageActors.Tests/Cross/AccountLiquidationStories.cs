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

    private static CrossAccountChecked Check(ExchangeStory s, AccountId account, AccountId keeper) =>
        Assert.IsType<CrossAccountChecked>(s.X.Send(new CheckCrossAccount(account, s.Marks(), keeper, s.Now)));

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

        // The debt is sold for: 7.075439 ETH at 1,140 for 8,066.00046.
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

    [Fact]
    public void A_sale_cut_short_by_a_crash_is_finished_once_by_the_outbox_after_recovery()
    {
        var (s, trader, keeper, _) = EthLongOnEth(keeperUsd: 10_000m);
        s.PriceIs(1_200m);
        Check(s, trader, keeper);

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
    public void A_cross_account_gapped_below_zero_has_its_shortfall_paid_by_insurance_then_LPs_of_the_pools_that_lost_it_in_proportion() =>
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

    private static ExchangeStory GappedBelowZero()
    {
        var s = new ExchangeStory();
        var lp = s.Funded("lp", 2_000_000m);
        s.PriceIs(2_000m);
        s.PriceIs(50_000m, Btc);
        s.Provide(lp, 1_000_000m);
        s.Provide(lp, 1_000_000m, Btc);
        var trader = s.Funded("trader", 1_000m);
        var keeper = s.Funded("keeper", 0.01m);
        // 5 ETH from 2,000 and 0.2 BTC from 50,000, each 200 × 50; the two opening fees of 5 leave 990.
        s.OpensCrossLong(trader, ExchangeStory.Eth, 200m, 50m);
        s.OpensCrossLong(trader, Btc, 200m, 50m);
        Assert.Equal(990m, Account(s, trader).FreeBalance);

        s.PriceIs(1_500m);
        s.PriceIs(40_000m, Btc);
        // BTC's 8,000 of notional before ETH's 7,500: loss 2,000, fee 4, penalty 40.
        Check(s, trader, keeper);
        Assert.Equal(990m - 2_044m, Account(s, trader).FreeBalance);
        // ETH: loss 2,500, fee 3.75, penalty 37.5.
        Check(s, trader, keeper);
        Assert.Equal(990m - 2_044m - 2_541.25m, Account(s, trader).FreeBalance);
        Assert.Empty(Account(s, trader).CrossPositions);
        Balanced(s, 0m);
        var insurance = (Eth: s.Pool().InsuranceFund, Btc: s.Pool(Btc).InsuranceFund);
        Assert.Equal((18.75m, 20m), insurance);
        var assets = (Eth: s.Pool().Assets, Btc: s.Pool(Btc).Assets);

        // Nothing to sell: 3,595.25 owed, BTC's share 3,595.25 × 2,044 / 4,585.25 = 1,602.6805517… rounded down, ETH the rest.
        Check(s, trader, keeper);
        var shortfall = s.X.Journal.Select(r => r.Event).OfType<AccountShortfallOrdered>().Single();
        Assert.Equal(3_595.25m, shortfall.Shortfall);
        Assert.Equal([(Btc, 2_044m, 1_602.680551m), (ExchangeStory.Eth, 2_541.25m, 1_992.569449m)],
            shortfall.Shares.Select(x => (x.Market, x.Loss, x.Amount)));
        Assert.Equal(0m, Account(s, trader).FreeBalance);
        // Each pool's insurance first, then its LPs.
        Assert.Equal((0m, 0m), (s.Pool().InsuranceFund, s.Pool(Btc).InsuranceFund));
        Assert.Equal(assets.Eth - (1_992.569449m - 18.75m), s.Pool().Assets);
        Assert.Equal(assets.Btc - (1_602.680551m - 20m), s.Pool(Btc).Assets);
        Balanced(s, 0m);

        Assert.False(Check(s, trader, keeper).UnderLiquidation);
        Balanced(s, 0m);
        return s;
    }
}
