using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Safety;

/// <summary>
/// Finding 2 of the money-safety review: a collateral removal waits for the pool's borrow index
/// before it decides; a breach persisted in between did not stop it. A 10x long removing 300 at
/// 1,900 while ETH fell to 1,810 took the 300 out, and the liquidation then left a shortfall of 255.
/// </summary>
public class CollateralRemovalDuringBreachSpecs
{
    [Fact]
    public void A_removal_in_flight_when_the_position_breaches_is_refused_and_the_liquidation_leaves_no_shortfall()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        var trader = s.Funded("trader", 10_000m);
        var p = s.Opens(trader, PositionSide.Long, 1_000m, 10m);
        s.PriceIs(1_900m);

        // At 1,900 the removal of 300 would leave 190.25 of equity, just above the initial margin of
        // 190: allowed. The pool's borrow index, which the position waits for, is still on its way.
        var removal = RequestId.New();
        s.X.Send(new RemoveCollateral(p, trader, removal, 300m, 1_900m, s.Now), maxDeliveries: 1);
        Assert.NotNull(s.Position(p).PendingDecrease);
        s.PriceIs(1_810m);
        s.Check(p);
        Assert.NotNull(s.Position(p).OpenBreach);

        s.X.RetryOutboxes(); // the index arrives

        Assert.Equal(995m, s.Position(p).Collateral);
        var refused = Assert.IsType<PositionCommandRejected>(s.Position(p).ReplyFor(removal));
        Assert.Equal(RejectionCodes.BelowInitialMargin, refused.Reason.Code);
        s.Liquidate(p, AccountId.From("liquidator"));

        // Liquidated at 1,810 with all its collateral: 40.475 of equity goes to the penalty, nothing is short.
        var pool = s.PoolView();
        Assert.Equal(PositionStatus.Liquidated, s.Position(p).Status);
        Assert.Equal(0m, pool.BadDebt);
        Assert.Equal(9_000m, s.X.Accounts.Single(a => a.Id == trader).FreeBalance);
        s.BooksBalance();
    }
}
