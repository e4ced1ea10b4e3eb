using LeverageActors.Actors.Risk;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Risk;

namespace LeverageActors.Tests.Risk;

/// <summary>The public risk profile: open positions counted by distance to their exact liquidation price.</summary>
public class RiskProfileSpecs
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // 40x long of 2,000 at 2,000 (fee 40): liquidation at (80,000 − 1,960) / (40 × 0.9895) = 1,971.70...
    private static readonly RiskPosition Long40X = Open("a", PositionSide.Long, 40m, 1_960m, 78_000m);

    // 10x short of 2,000 at 2,000 (fee 10): liquidation at (1,990 + 20,000) / (10 × 1.0105) = 2,176.15...
    private static readonly RiskPosition Short10X = Open("b", PositionSide.Short, 10m, 1_990m, 18_000m);

    // 5x long of 2,000 at 2,000 (fee 5): liquidation at (10,000 − 1,995) / (5 × 0.9895) = 1,618.00...
    private static readonly RiskPosition Long5X = Open("c", PositionSide.Long, 5m, 1_995m, 8_000m);

    private static RiskPosition Open(string id, PositionSide side, decimal quantity, decimal collateral, decimal reserved) =>
        new(PositionId.From(id), PositionStatus.Open, side, quantity, 2_000m, collateral, reserved, 1m, new MarketParameters());

    private static RiskProfile At(decimal price, params RiskPosition[] positions) =>
        RiskProfiles.Of(Eth, true, positions, new PriceUpdated(Eth, price, Now, 7), 1m);

    private static (int Longs, int Shorts) Bucket(RiskProfile profile, decimal? from)
    {
        var bucket = profile.Buckets.Single(b => b.From == from);
        return (bucket.Longs, bucket.Shorts);
    }

    [Fact]
    public void Each_position_lands_in_the_bucket_of_its_distance_to_liquidation()
    {
        var profile = At(1_980m, Long40X, Short10X, Long5X);

        Assert.Equal(3, profile.OpenPositions);
        Assert.Equal((1, 0), Bucket(profile, 0m));       // (1,980 − 1,971.70) / 1,980 = 0.42%
        Assert.Equal((0, 1), Bucket(profile, 0.05m));    // (2,176.15 − 1,980) / 1,980 = 9.9%
        Assert.Equal((1, 0), Bucket(profile, 0.10m));    // (1,980 − 1,618.00) / 1,980 = 18.3%
        Assert.Equal(1, profile.AtRisk);
        Assert.Equal(40m * 1_980m, profile.Buckets.Single(b => b.From == 0m).Notional);
        Assert.Equal(7, profile.PriceSequence);
        Assert.Equal(7, profile.Buckets.Count);
    }

    [Fact]
    public void A_position_past_its_liquidation_price_is_in_the_first_bucket_and_at_risk()
    {
        var profile = At(1_970m, Long40X, Long5X);

        var past = profile.Buckets[0];
        Assert.Null(past.From);
        Assert.Equal(0m, past.To);
        Assert.Equal(1, past.Longs);
        Assert.Equal(1, profile.AtRisk);
    }

    [Fact]
    public void Sagas_in_flight_are_counted_and_positions_still_opening_are_not_placed()
    {
        var opening = Long5X with { Id = PositionId.From("d"), Status = PositionStatus.Opening };
        var settling = Short10X with { SettlingFraction = 0.5m };
        var liquidating = Long40X with { LiquidatingFraction = 1m };

        var profile = At(1_980m, opening, settling, liquidating);

        Assert.Equal((1, 1, 1), (profile.Opening, profile.Settling, profile.Liquidating));
        Assert.Equal(2, profile.OpenPositions);
        Assert.Equal(2, profile.Buckets.Sum(b => b.Longs + b.Shorts));
    }

    [Fact]
    public void Without_a_price_positions_are_counted_but_not_placed()
    {
        var profile = RiskProfiles.Of(Eth, false, [Long40X, Short10X], null, 1m);

        Assert.Equal(2, profile.OpenPositions);
        Assert.Null(profile.Price);
        Assert.False(profile.CaughtUp);
        Assert.All(profile.Buckets, b => Assert.Equal(0, b.Longs + b.Shorts));
    }
}
