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

    /// <summary>
    /// A fraction so small that its share of the collateral rounds to nothing settled a loss with no
    /// collateral behind it: a decrease of 10⁻⁸ at a loss took 0 of collateral for a loss of 10⁻⁶, and
    /// the pool booked the difference as a shortfall (bad debt here, with no insurance fund), one
    /// request at a time for as long as the trader kept asking. What a decrease settles is now at
    /// least the market's minimum notional too.
    /// </summary>
    [Theory]
    [InlineData("0.00000001")]
    [InlineData("0.4")] // 7.6 of notional settled at 1,900, 11.4 left
    public void A_decrease_that_would_settle_less_than_the_minimum_notional_is_refused_and_changes_nothing(string fraction)
    {
        _s.PriceIs(1_900m);
        var (insurance, badDebt) = (_s.Pool().InsuranceFund, _s.Pool().BadDebt);

        var refused = Assert.IsType<PositionCommandRejected>(Decreases(decimal.Parse(fraction, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(RejectionCodes.PositionTooSmall, refused.Reason.Code);
        // 19 of notional: no decrease can settle 10 and leave 10.
        Assert.Contains("too small to decrease at all", refused.Reason.Message);
        Assert.Equal((insurance, badDebt), (_s.Pool().InsuranceFund, _s.Pool().BadDebt));
        Assert.DoesNotContain(_s.X.Journal, e => e.Event is PositionSettlementRequested);
        _s.BooksBalance();
    }

    /// <summary>A trigger order for such a sliver is refused when placed: when it fires, the owner's stop cannot be refused.</summary>
    [Fact]
    public void A_trigger_that_would_settle_less_than_the_minimum_notional_is_refused()
    {
        var refused = Assert.IsType<PositionCommandRejected>(_s.X.Send(
            new PlaceTrigger(_position, _trader, RequestId.New(), TriggerKind.StopLoss, 1_900m, 0.00000001m, _s.Price(), _s.Now)));

        Assert.Equal(RejectionCodes.PositionTooSmall, refused.Reason.Code);
        Assert.Empty(_s.Position(_position).Triggers.Waiting);
        Assert.IsType<PositionCommandAccepted>(_s.X.Send(
            new PlaceTrigger(_position, _trader, RequestId.New(), TriggerKind.StopLoss, 1_900m, 0.5m, _s.Price(), _s.Now)));
    }
}
