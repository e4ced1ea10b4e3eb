using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Safety;

/// <summary>
/// Finding 3 of the money-safety review: the pool clamped traders' PnL per side, not per position,
/// so one position's leftover collateral counted as covering another's loss that nothing covers. An
/// LP withdrawing after a gap, before the liquidations were booked, took money the other LPs then
/// lost. The pool now counts no more than each position can pay, pauses withdrawals while a breach
/// is unresolved or the market is halted, and deposits while a breach is unresolved, and charges an
/// LP fee in and out.
/// </summary>
public class LpExitAheadOfBadDebtSpecs
{
    /// <summary>A market without borrow interest and with a breaker that lets a 40% gap through, so the numbers stay round.</summary>
    private static readonly MarketCatalog Gappy = new(
        new Dictionary<MarketId, MarketParameters> { [ExchangeStory.Eth] = new() { Slope1 = 0m, Slope2 = 0m } },
        new Dictionary<MarketId, OracleParameters> { [ExchangeStory.Eth] = OracleParameters.Default with { BreakerMove = 0.5m } });

    /// <summary>
    /// Two LPs, a 50x long (1,000) and a 2x long (20,000) at 2,000, then a 40% gap to 1,200. The 50x
    /// is 20,000 down with 975 of collateral: the pool can collect 975. The 2x is 16,000 down with
    /// 19,980: the pool can collect 16,000. Per position: 16,975. The side as a whole is 36,000 down
    /// with 20,955 of collateral, which a side-wide clamp counted in full.
    /// </summary>
    private static (ExchangeStory S, AccountId A, AccountId B, PositionId Fifty, PositionId Two, AccountId Trader) AfterAGap()
    {
        var s = new ExchangeStory(Gappy);
        s.PriceIs(2_000m);
        var a = s.Funded("lp-a", 1_000_000m);
        var b = s.Funded("lp-b", 1_000_000m);
        s.Provide(a, 1_000_000m);
        s.Provide(b, 1_000_000m);
        var trader = s.Funded("trader", 30_000m);
        var fifty = s.Opens(trader, PositionSide.Long, 1_000m, 50m);
        var two = s.Opens(trader, PositionSide.Long, 20_000m, 2m);
        s.PriceIs(1_200m);
        return (s, a, b, fifty, two, trader);
    }

    [Fact]
    public void The_pool_counts_no_more_than_each_position_can_pay()
    {
        var (s, _, _, _, _, _) = AfterAGap();

        var pool = s.PoolView();

        // Assets: 2,000,000 from the LPs, plus the LPs' 90% of the opening fees (25 and 20): 2,000,040.5.
        Assert.Equal(2_000_040.5m, pool.Assets);
        Assert.Equal(2_000_040.5m + 975m + 16_000m, pool.PoolValue);
    }

    [Fact]
    public void An_LP_leaving_after_a_gap_takes_nothing_from_the_LP_who_stays()
    {
        var (s, a, b, fifty, two, trader) = AfterAGap();
        var shares = s.Pool().Shares[a];
        var before = s.PoolView();
        var exitPrice = before.SharePrice;

        var left = Assert.IsType<LiquidityRequestCompleted>(s.Redeem(a, shares));

        // A is paid its shares at the value that counts only what can be collected (assets + 975 +
        // 16,000, not + 20,955), less the LP fee of 0.05%.
        var worth = Money.Payout(shares * (before.Assets + 975m + 16_000m) / before.TotalShares);
        Assert.Equal(worth - Money.Charge(worth * 0.0005m), left.Amount);

        s.Check(fifty);
        s.Liquidate(fifty, AccountId.From("liquidator"));
        s.X.Send(new ClosePosition(two, trader, RequestId.New(), s.Price(), s.Now));
        Assert.Equal(PositionStatus.Liquidated, s.Position(fifty).Status);
        Assert.Equal(PositionStatus.Closed, s.Position(two).Status);

        // Every loss is booked now; B's shares are worth at least what A's were when A left.
        var after = s.PoolView();
        Assert.Equal(0m, after.Reserved);
        Assert.True(after.SharePrice >= exitPrice, $"B's share price {after.SharePrice} fell below A's exit price {exitPrice}");
        Assert.Equal(b, Assert.Single(after.Providers).Provider);
        s.BooksBalance();
    }

    [Fact]
    public void Withdrawals_wait_while_a_breach_is_unresolved_and_resume_once_it_is_liquidated()
    {
        var (s, a, _, fifty, _, _) = AfterAGap();
        s.Check(fifty);
        Assert.Equal(1, s.PoolView().OpenBreaches);

        var paused = Assert.IsType<AccountCommandRejected>(s.Redeem(a, 1_000m));
        Assert.Equal(RejectionCodes.WithdrawalsPaused, paused.Reason.Code);

        s.Liquidate(fifty, AccountId.From("liquidator"));

        Assert.Equal(0, s.PoolView().OpenBreaches);
        Assert.IsType<LiquidityRequestCompleted>(s.Redeem(a, 1_000m));
        s.BooksBalance();
    }

    /// <summary>
    /// The other way in: a breached position counts at most its collateral until it is liquidated,
    /// when the insurance fund covers the rest of its loss. A deposit in between would buy shares at a
    /// value that leaves that cover out and take part of it from the LPs who bore the risk.
    /// </summary>
    [Fact]
    public void Deposits_wait_while_a_breach_is_unresolved_and_resume_once_it_is_liquidated()
    {
        var (s, _, _, fifty, _, _) = AfterAGap();
        s.Check(fifty);
        var late = s.Funded("lp-late", 100_000m);

        var paused = Assert.IsType<AccountCommandRejected>(s.Provide(late, 100_000m));
        Assert.Equal(RejectionCodes.DepositsPaused, paused.Reason.Code);
        Assert.Equal(100_000m, s.X.Accounts.Single(x => x.Id == late).FreeBalance);

        s.Liquidate(fifty, AccountId.From("liquidator"));
        Assert.IsType<LiquidityRequestCompleted>(s.Provide(late, 100_000m));
        s.BooksBalance();
    }

    /// <summary>
    /// An attacker's review: the pool hears of a breach only after the risk index has checked the
    /// position and the position has recorded it, so a deposit executing at the very price that gaps a
    /// position under water raced the breach to the pool and, when it won, bought shares ahead of the
    /// insurance cover. The pool sees the gap at the deposit's own price.
    /// </summary>
    [Fact]
    public void Deposits_wait_at_a_price_that_puts_a_position_under_water_before_any_breach_is_noted()
    {
        var (s, _, _, fifty, _, _) = AfterAGap();
        Assert.Equal(0, s.PoolView().OpenBreaches);
        var late = s.Funded("lp-late", 100_000m);

        var paused = Assert.IsType<AccountCommandRejected>(s.Provide(late, 100_000m));
        Assert.Equal(RejectionCodes.DepositsPaused, paused.Reason.Code);
        Assert.Equal(100_000m, s.X.Accounts.Single(x => x.Id == late).FreeBalance);

        s.Check(fifty);
        s.Liquidate(fifty, AccountId.From("liquidator"));
        Assert.IsType<LiquidityRequestCompleted>(s.Provide(late, 100_000m));
        s.BooksBalance();
    }

    /// <summary>
    /// A cross position's reservation holds no collateral: its account's margin backs it. Counted as
    /// short the moment any interest accrued, it paused deposits for as long as it was open (found by
    /// a read-only review of the rule above).
    /// </summary>
    [Fact]
    public void An_open_cross_position_pauses_no_deposit()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        s.OpensCrossLong(s.Funded("trader", 10_000m), ExchangeStory.Eth, 1_000m, 5m);
        s.Advance(TimeSpan.FromDays(1));
        s.PriceIs(1_990m);
        var late = s.Funded("lp-late", 100_000m);

        Assert.IsType<LiquidityRequestCompleted>(s.Provide(late, 100_000m));
        s.BooksBalance();
    }

    /// <summary>
    /// Journals written before the pause hold deposits made during a breach: the audit decides them
    /// again without it, so their shares are still checked and they are not findings.
    /// </summary>
    /// <summary>The pool after the gap with the 50x long's breach open, and a deposit of 100,000 asked of it.</summary>
    private static (Actors.Pools.PoolState Before, AddLiquidity Deposit) DepositDuringBreach()
    {
        var (s, _, _, fifty, _, _) = AfterAGap();
        s.Check(fifty);
        return (s.Pool(), new AddLiquidity(ExchangeStory.Eth, AccountId.From("lp-late"), RequestId.From("late"), 100_000m, s.Price(), s.Now));
    }

    [Fact]
    public void A_deposit_an_older_node_took_during_a_breach_audits_by_its_shares()
    {
        var (before, deposit) = DepositDuringBreach();
        var olderNode = Actors.Pools.LiquidityRequests.Add(before.AccruedTo(deposit.At), deposit, pauses: false, pricedWithFee: false);
        var added = Assert.IsType<LiquidityAdded>(olderNode.Events.Last());
        Assert.False(added.PricedWithFee);
        Assert.IsType<LiquidityRequestRefused>(before.Handle(deposit).Events.Last());

        Assert.Null(Actors.Audit.LiquidityRecompute.Check(added, before));
        Assert.NotNull(Actors.Audit.LiquidityRecompute.Check(added with { Shares = added.Shares + 1m }, before));
    }

    /// <summary>
    /// A read-only review: the audit decided every deposit again without the pauses, so a row of a
    /// deposit taken during a breach (a node with the pause removed, or an insider's) passed if its
    /// shares were right, though it bought them ahead of the insurance cover. Every node that marks
    /// its shares as priced with the fee pauses deposits, so a marked deposit is held to the pauses.
    /// </summary>
    [Fact]
    public void A_deposit_priced_with_the_fee_during_a_breach_is_an_audit_finding()
    {
        var (before, deposit) = DepositDuringBreach();
        var forged = Assert.IsType<LiquidityAdded>(
            Actors.Pools.LiquidityRequests.Add(before.AccruedTo(deposit.At), deposit, pauses: false).Events.Last());
        Assert.True(forged.PricedWithFee);

        var finding = Actors.Audit.LiquidityRecompute.Check(forged, before);

        Assert.Equal("deposit-paused", finding?.Rule);
        Assert.Contains("below maintenance", finding!.Found);
    }

    /// <summary>The same deposit once the breach is liquidated is decided as the pool decided it: no finding.</summary>
    [Fact]
    public void A_deposit_priced_with_the_fee_after_the_liquidation_is_no_finding()
    {
        var (s, _, _, fifty, _, _) = AfterAGap();
        s.Check(fifty);
        s.Liquidate(fifty, AccountId.From("liquidator"));
        var late = s.Funded("lp-late", 100_000m);
        Assert.IsType<LiquidityRequestCompleted>(s.Provide(late, 100_000m));
        var journal = s.X.Journal.ToList();
        var at = journal.FindLastIndex(e => e.Event is LiquidityAdded);
        var before = journal.Take(at).Where(e => e.PersistenceId == $"pool-{ExchangeStory.Eth}")
            .Aggregate(Actors.Pools.PoolState.Initial(ExchangeStory.Eth, null), (pool, e) => pool.Apply((IPoolEvent)e.Event));

        Assert.Null(Actors.Audit.LiquidityRecompute.Check((LiquidityAdded)journal[at].Event, before));
    }

    [Fact]
    public void A_breach_that_clears_resumes_withdrawals_too()
    {
        var (s, a, _, fifty, _, _) = AfterAGap();
        s.Check(fifty);
        s.Advance(TimeSpan.FromMinutes(6));
        s.PriceIs(2_000m); // back where it opened, a move the breaker halts (against the last price, 1,200)
        s.Advance(TimeSpan.FromMinutes(16));
        s.PriceIs(2_000m); // the halt over: the liquidator finds it healthy

        Assert.True(s.Liquidate(fifty, AccountId.From("liquidator")).Resolved);

        Assert.Equal(0, s.PoolView().OpenBreaches);
        Assert.IsType<LiquidityRequestCompleted>(s.Redeem(a, 1_000m));
    }

    [Fact]
    public void Withdrawals_wait_while_the_circuit_breaker_halts_the_market()
    {
        // With the default breaker a 40% gap halts the market for 15 minutes.
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        var a = s.Funded("lp-a", 1_000_000m);
        s.Provide(a, 1_000_000m);
        s.PriceIs(1_200m);
        Assert.True(s.Pool().IsHaltedAt(s.Now));

        var paused = Assert.IsType<AccountCommandRejected>(s.Redeem(a, 1_000m));

        Assert.Equal(RejectionCodes.WithdrawalsPaused, paused.Reason.Code);
        s.Advance(TimeSpan.FromMinutes(16));
        s.PriceIs(1_200m);
        Assert.IsType<LiquidityRequestCompleted>(s.Redeem(a, 1_000m));
        s.BooksBalance();
    }

    [Fact]
    public void An_LP_pays_five_hundredths_of_a_percent_to_the_pool_on_the_way_in_and_out()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        var a = s.Funded("lp-a", 100_000m);
        var b = s.Funded("lp-b", 100_000m);
        s.Provide(a, 100_000m);

        // B's 10,000 pays 5 to the pool and buys shares with 9,995 at the share price with the fee in
        // the pool, 100,005 / 99,950: the fee is A's.
        var bought = Assert.IsType<LiquidityRequestCompleted>(s.Provide(b, 10_000m));
        Assert.Equal(Money.Payout(9_995m * 99_950m / 100_005m), bought.Shares);

        // B leaves at once: its shares are worth the 9,995, less 0.05% again.
        var pool = s.PoolView();
        var worth = Money.Payout(bought.Shares * pool.PoolValue / pool.TotalShares);
        var left = Assert.IsType<LiquidityRequestCompleted>(s.Redeem(b, bought.Shares));
        Assert.Equal(worth - Money.Charge(worth * 0.0005m), left.Amount);

        // What B paid in fees stayed in the pool, for A (and the locked share).
        Assert.Equal(100_000m + (10_000m - left.Amount), s.PoolView().PoolValue);
        Assert.True(10_000m - left.Amount > 9m, "about 0.05% in and 0.05% out");
        s.BooksBalance();
    }
}
