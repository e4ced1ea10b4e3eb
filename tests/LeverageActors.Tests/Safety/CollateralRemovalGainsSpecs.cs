using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Safety;

/// <summary>
/// Unrealised gains are never withdrawable (THREATS 3): a removal must leave the initial margin
/// covered by collateral less losses, interest and the closing fee, whatever the position has made
/// on paper. A gain is the pool's until a close realises it; counted here, a trader could take all
/// the collateral out of a winning position and leave its reversal to the pool.
/// </summary>
public sealed class CollateralRemovalGainsSpecs
{
    private static (ExchangeStory S, AccountId Trader, PositionId Position) TenTimesLong()
    {
        var s = new ExchangeStory();
        var lp = s.Funded("lp", 1_000_000m);
        s.PriceIs(2_000m);
        s.Provide(lp, 1_000_000m);
        var trader = s.Funded("trader", 10_000m);
        return (s, trader, s.Opens(trader, PositionSide.Long, 1_000m, 10m));
    }

    private static object? Removes(ExchangeStory s, AccountId trader, PositionId p, decimal amount)
    {
        var request = RequestId.New();
        s.X.Send(new RemoveCollateral(p, trader, request, amount, s.Price(), s.Now));
        return s.Position(p).ReplyFor(request);
    }

    [Fact]
    public void A_gain_on_paper_does_not_pay_for_collateral_taken_out()
    {
        var (s, trader, p) = TenTimesLong();
        var collateral = s.Position(p).Collateral;
        // +10%: 5 ETH × 200 = 1,000 of unrealised gain, as much as the collateral.
        s.PriceIs(2_200m);

        // 95 left less the 5.5 closing fee against 2% of 11,000 = 220: only the gain would cover it.
        var refused = Assert.IsType<PositionCommandRejected>(Removes(s, trader, p, collateral - 95m));
        Assert.Equal(RejectionCodes.BelowInitialMargin, refused.Reason.Code);
        Assert.Equal(collateral, s.Position(p).Collateral);

        // 230 left less the fee covers 220 without it.
        Assert.IsType<PositionCommandAccepted>(Removes(s, trader, p, collateral - 230m));
        Assert.Equal(230m, s.Position(p).Collateral);
        s.BooksBalance();
    }

    [Fact]
    public void A_loss_counts_in_full_against_what_may_leave()
    {
        var (s, trader, p) = TenTimesLong();
        var collateral = s.Position(p).Collateral;
        // −5%: 500 of loss; 2% of 9,500 = 190 required, 4.75 of closing fee: 694.75 must stay.
        s.PriceIs(1_900m);

        Assert.Equal(RejectionCodes.BelowInitialMargin,
            Assert.IsType<PositionCommandRejected>(Removes(s, trader, p, collateral - 694m)).Reason.Code);
        Assert.IsType<PositionCommandAccepted>(Removes(s, trader, p, collateral - 695m));
        Assert.Equal(695m, s.Position(p).Collateral);
        s.BooksBalance();
    }
}
