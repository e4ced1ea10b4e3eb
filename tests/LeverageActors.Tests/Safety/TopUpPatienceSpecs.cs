using LeverageActors.Actors.Positions.Operations;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Safety;

/// <summary>
/// A review of the addition's patience (5 s from the addition): a breached position takes one top-up,
/// and counted from that top-up the patience let a trader whose account answered slowly hold off the
/// liquidation a second time, as long again. The top-up's patience is counted from the breach.
/// </summary>
public class TopUpPatienceSpecs
{
    [Fact]
    public void A_top_up_after_a_breach_is_given_up_five_seconds_after_the_breach_not_after_itself()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        var trader = s.Funded("trader", 10_000m);
        var p = s.Opens(trader, PositionSide.Long, 1_000m, 10m);
        s.Advance(TimeSpan.FromSeconds(1));
        s.PriceIs(1_815m);
        s.Check(p);
        var breach = s.Position(p).OpenBreach!;

        // Four seconds on, the top-up reaches the position; its account's answer does not come (one delivery).
        s.Advance(TimeSpan.FromSeconds(4));
        s.X.Send(new AddCollateral(p, trader, RequestId.New(), 500m, s.Now), maxDeliveries: 1);
        var position = s.Position(p);
        Assert.NotNull(position.Operation<CollateralIncrease>());

        Assert.Null(position.Overdue(Liquidation(position, breach.At.AddSeconds(4.9))));
        Assert.IsType<CollateralAdditionOverdue>(position.Overdue(Liquidation(position, breach.At.AddSeconds(5.1))));
    }

    private static Liquidate Liquidation(Actors.Positions.PositionState p, DateTimeOffset at) =>
        new(p.Id, p.OpenBreach!.Breach, AccountId.From("liquidator"), 1_815m, p.OpenBreach.PriceSequence, at, 1m, at);
}
