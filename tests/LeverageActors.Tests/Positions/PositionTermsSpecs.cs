using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Positions;

/// <summary>
/// An open's terms at an extreme price: a review found that a price a feed gone wrong could publish
/// (1e-16, which the oracle accepts) made notional / price overflow, so the open threw in the
/// position's decision and restarted it at every retry. It is refused as an invalid price.
/// </summary>
public sealed class PositionTermsSpecs
{
    private static OpenPosition Open(decimal collateral, decimal leverage, decimal price) =>
        new(PositionId.From("p1"), AccountId.From("a"), RequestId.From("r1"), MarketId.From("ETH-USD"), PositionSide.Long, collateral, leverage, price,
            new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void An_open_whose_quantity_would_be_past_decimals_range_is_refused_as_an_invalid_price()
    {
        var (terms, refusal) = PositionTerms.For(Open(1_000_000_000_000m, 50m, 0.0000000000000001m), new MarketParameters());

        Assert.Null(terms);
        Assert.Equal(RejectionCodes.InvalidPrice, refusal!.Code);
    }

    [Fact]
    public void The_same_open_at_a_small_price_whose_quantity_can_be_counted_has_its_terms()
    {
        var (terms, refusal) = PositionTerms.For(Open(1_000_000_000_000m, 50m, 0.000001m), new MarketParameters());

        Assert.Null(refusal);
        Assert.Equal(50_000_000_000_000m / 0.000001m, terms!.Quantity);
    }
}
