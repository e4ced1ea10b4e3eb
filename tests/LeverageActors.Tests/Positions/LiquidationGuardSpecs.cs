using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Positions;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Positions;

/// <summary>Collateral never moves under a liquidation, and a liquidation never runs under a collateral move.</summary>
public class LiquidationGuardSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly AccountId Trader = AccountId.From("trader");
    private static readonly PositionId P = PositionId.From("p");

    private static InProcessExchange BreachedTwentyTimesLong()
    {
        var x = new InProcessExchange(MarketCatalog.Default);
        foreach (var a in new[] { AccountId.From("lp"), Trader })
        {
            x.Send(new OpenAccount(a, RequestId.New(), T0));
            x.Send(new DepositFunds(a, RequestId.New(), 1_000_000m, T0));
        }

        x.Send(new ProvideLiquidity(AccountId.From("lp"), RequestId.New(), Eth, 1_000_000m, 2_000m, T0));
        x.Send(new OpenPosition(P, Trader, RequestId.New(), Eth, PositionSide.Long, 1_000m, 20m, 2_000m, T0));
        x.Send(new CheckMargin(P, 1_920m, 1m, 2, T0));
        Assert.NotNull(x.Positions.Single().OpenBreach);
        return x;
    }

    [Fact]
    public void A_liquidator_waits_while_a_collateral_top_up_is_in_flight()
    {
        var x = BreachedTwentyTimesLong();
        x.Send(new AddCollateral(P, Trader, RequestId.New(), 500m, T0), maxDeliveries: 2); // the account's answer is still on its way

        var answer = (LiquidationAnswer)x.Send(new Liquidate(P, 1, AccountId.From("liquidator"), 1_920m, 2, T0, 1m, T0))!;

        Assert.False(answer.Resolved);
        Assert.Null(x.Positions.Single().PendingLiquidation);
    }

    [Fact]
    public void No_collateral_leaves_a_breached_position()
    {
        var x = BreachedTwentyTimesLong();

        var refused = (PositionCommandRejected)x.Send(new RemoveCollateral(P, Trader, RequestId.New(), 10m, 1_920m, T0))!;

        Assert.Equal(RejectionCodes.BelowInitialMargin, refused.Reason.Code);
        // Refused at once: no removal waits for the pool's index while the liquidator comes.
        Assert.DoesNotContain(x.Journal, e => e.Event is CollateralDecreaseRequested);
    }

    /// <summary>
    /// A liquidator finding collateral on the move waits for the next price. Top-ups the account
    /// refuses cost their sender nothing, and decreases of a millionth little: sent one after
    /// another they would keep every liquidator waiting while the loss grows onto the pool.
    /// </summary>
    [Fact]
    public void Requests_sent_one_after_another_cannot_keep_a_liquidator_waiting()
    {
        var x = BreachedTwentyTimesLong();
        var refusedTopUp = (PositionCommandRejected)x.Send(new AddCollateral(P, Trader, RequestId.New(), 5_000_000m, T0))!;
        Assert.Equal(RejectionCodes.InsufficientBalance, refusedTopUp.Reason.Code);

        foreach (IPositionCommand again in new IPositionCommand[]
                 {
                     new AddCollateral(P, Trader, RequestId.New(), 5_000_000m, T0),
                     new AddCollateral(P, Trader, RequestId.New(), 10m, T0),
                     new DecreasePosition(P, Trader, RequestId.New(), 0.000001m, 1_920m, T0),
                 })
            Assert.Equal(RejectionCodes.LiquidationPending, Assert.IsType<PositionCommandRejected>(x.Send(again)).Reason.Code);
        Assert.Single(x.Journal, e => e.Event is CollateralIncreaseRequested);

        x.Send(new OpenAccount(AccountId.From("liquidator"), RequestId.New(), T0));
        x.Send(new Liquidate(P, 1, AccountId.From("liquidator"), 1_920m, 2, T0, 1m, T0));
        Assert.Contains(x.Journal, e => e.Event is LiquidationStarted);
        Assert.Empty(x.CheckInvariants(T0));
    }

    [Fact]
    public void A_breach_the_one_top_up_cured_takes_requests_again_once_a_liquidator_has_cleared_it()
    {
        var x = BreachedTwentyTimesLong();
        x.Send(new AddCollateral(P, Trader, RequestId.New(), 500m, T0));
        Assert.Equal(RejectionCodes.LiquidationPending,
            Assert.IsType<PositionCommandRejected>(x.Send(new AddCollateral(P, Trader, RequestId.New(), 10m, T0))).Reason.Code);

        x.Send(new OpenAccount(AccountId.From("liquidator"), RequestId.New(), T0));
        Assert.True(((LiquidationAnswer)x.Send(new Liquidate(P, 1, AccountId.From("liquidator"), 1_920m, 2, T0, 1m, T0))!).Resolved);

        var cured = x.Positions.Single().Collateral;
        Assert.IsType<PositionCommandAccepted>(x.Send(new AddCollateral(P, Trader, RequestId.New(), 10m, T0)));
        Assert.Equal(cured + 10m, x.Positions.Single().Collateral);
        Assert.Empty(x.CheckInvariants(T0));
    }

    [Fact]
    public void A_liquidation_of_a_closed_position_is_resolved_at_once()
    {
        var x = BreachedTwentyTimesLong();
        x.Send(new ClosePosition(P, Trader, RequestId.New(), 1_920m, T0));

        var answer = (LiquidationAnswer)x.Send(new Liquidate(P, 1, AccountId.From("liquidator"), 1_920m, 2, T0, 1m, T0))!;

        Assert.True(answer.Resolved);
        Assert.Empty(x.CheckInvariants(T0));
    }

    /// <summary>
    /// A review (read-only, of 99f1793): a breach the owner closed stayed outstanding on the closed
    /// position, shown under liquidation for good, and the simulator's node engine, which waits for no
    /// position to be under liquidation, timed out on it. The same holds when the breach is noted while
    /// the owner's close is on its way to the pool.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_breach_ends_with_the_owner_s_close_of_the_whole_position(bool breachedDuringTheClose)
    {
        InProcessExchange x;
        if (breachedDuringTheClose)
        {
            x = new InProcessExchange(MarketCatalog.Default);
            foreach (var a in new[] { AccountId.From("lp"), Trader })
            {
                x.Send(new OpenAccount(a, RequestId.New(), T0));
                x.Send(new DepositFunds(a, RequestId.New(), 1_000_000m, T0));
            }

            x.Send(new ProvideLiquidity(AccountId.From("lp"), RequestId.New(), Eth, 1_000_000m, 2_000m, T0));
            x.Send(new OpenPosition(P, Trader, RequestId.New(), Eth, PositionSide.Long, 1_000m, 20m, 2_000m, T0));
            x.Send(new ClosePosition(P, Trader, RequestId.New(), 1_990m, T0), maxDeliveries: 1); // the settlement is on its way to the pool
            x.Send(new CheckMargin(P, 1_920m, 1m, 2, T0));
            x.RetryOutboxes();
            Assert.Single(x.Journal.Select(e => e.Event).OfType<PositionBreached>());
        }
        else
        {
            x = BreachedTwentyTimesLong();
            x.Send(new ClosePosition(P, Trader, RequestId.New(), 1_920m, T0));
        }

        var closed = x.Positions.Single();
        Assert.Equal(PositionStatus.Closed, closed.Status);
        Assert.False(closed.UnderLiquidation);
        Assert.Null(closed.OpenBreach);
        Assert.Equal(0, x.Pools.Single().OpenBreaches);
        Assert.Empty(x.CheckInvariants(T0));
    }

    /// <summary>
    /// Maintenance 1%, buffer 2% (target m′ = 3%), full-liquidation threshold 0.666667 of
    /// maintenance, dust 10; f = (m′N − E) / (N(m′ − c)) rounded up to six places.
    /// </summary>
    [Theory]
    // 3,000 − 800 = 2,200 over 100,000 × (0.03 − 0.002) = 2,800: 0.7857142… → 0.785715
    [InlineData("100000", "800", "0.002", "0.785715")]
    // the default penalty 0.005: 2,200 / 2,500 = 0.88 exactly
    [InlineData("100000", "800", "0.005", "0.88")]
    // exactly at the full threshold, 1,000 × 0.666667 = 666.667, is not below it: 2,333.333 / 2,500 = 0.9333332 → 0.933334
    [InlineData("100000", "666.667", "0.005", "0.933334")]
    // a millionth below the full threshold: all of it
    [InlineData("100000", "666.666", "0.005", "1")]
    // 500 is below two thirds of maintenance: all of it
    [InlineData("100000", "500", "0.002", "1")]
    // a penalty of 1% with equity at 0.9%: 2,100 / 2,000 = 1.05, no fraction restores margin, all of it
    [InlineData("100000", "900", "0.01", "1")]
    // 100 of notional, equity 0.7: (3 − 0.7) / 2.5 = 0.92 would leave 8 of notional, below the dust of 10: all of it
    [InlineData("100", "0.7", "0.005", "1")]
    public void The_fraction_restores_maintenance_plus_buffer_or_takes_everything(string notional, string equity, string penalty, string expected)
    {
        decimal D(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        var p = new MarketParameters { LiquidationPenaltyRate = D(penalty) };

        var f = LiquidationMath.Fraction(D(equity), D(notional), p);

        Assert.Equal(D(expected), f);
        if (f < 1) // what remains holds at least maintenance plus the buffer after the penalty on what closed
            Assert.True((D(equity) - f * D(notional) * p.LiquidationPenaltyRate) / ((1 - f) * D(notional)) >= 0.03m);
    }
}
