using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Safety;

/// <summary>
/// A decrease left any remainder: four decreases of 0.999999 took a 0.01 ETH position to 10⁻²⁶ ETH on a
/// millionth of collateral, and an addition of 1,000 to it then made the risk index's key
/// (collateral over quantity) overflow a decimal, stopping the market's index at that event on every
/// restart: no position in the market was checked for its margin again. What a decrease leaves is now a
/// position of at least the market's minimum notional (10), as an open must be.
/// </summary>
public class DustRemainderSpecs
{
    private readonly ExchangeStory _s = new();
    private readonly AccountId _trader;
    private readonly PositionId _position;

    public DustRemainderSpecs()
    {
        _s.PriceIs(2_000m);
        _s.Provide(_s.Funded("lp", 100_000m), 100_000m);
        _trader = _s.Funded("trader", 2_000m);
        // 0.01 ETH: 20 of notional on 10.
        _position = _s.Opens(_trader, PositionSide.Long, 10m, 2m);
    }

    private object? Decreases(decimal fraction) =>
        _s.X.Send(new DecreasePosition(_position, _trader, RequestId.New(), fraction, _s.Price(), _s.Now));

    [Theory]
    [InlineData("0.999999")]
    [InlineData("0.6")] // 8 of notional left
    public void A_decrease_that_would_leave_less_than_the_minimum_notional_is_refused_and_changes_nothing(string fraction)
    {
        var quantity = _s.Position(_position).Quantity;

        var refused = Assert.IsType<PositionCommandRejected>(Decreases(decimal.Parse(fraction, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(RejectionCodes.PositionTooSmall, refused.Reason.Code);
        Assert.Equal(quantity, _s.Position(_position).Quantity);
        Assert.DoesNotContain(_s.X.Journal, e => e.Event is PositionSettlementRequested);
        _s.BooksBalance();
    }

    [Fact]
    public void A_decrease_that_leaves_the_minimum_settles_and_the_rest_takes_collateral()
    {
        Assert.IsType<PositionCommandAccepted>(Decreases(0.5m));

        var rest = _s.Position(_position);
        Assert.Equal(0.005m, rest.Quantity);
        Assert.IsType<PositionCommandAccepted>(_s.X.Send(new AddCollateral(_position, _trader, RequestId.New(), 1_000m, _s.Now)));
        Assert.IsType<PositionCommandRejected>(Decreases(0.5m));
        _s.BooksBalance();
    }
}
