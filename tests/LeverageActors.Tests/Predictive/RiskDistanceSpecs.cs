using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Predictive;

/// <summary>
/// The math early deleverage will use, cross-checked against the position's own liquidation price:
/// a position at <see cref="RiskDistance.RatioAt"/> for 2σ is 2σ from the price
/// <see cref="PositionMath.LiquidationPrice"/> gives, and <see cref="RiskDistance.Fraction"/> closes
/// just enough, after its penalty, to bring a 0.5σ position back to that ratio.
/// </summary>
public sealed class RiskDistanceSpecs
{
    private static readonly RiskScale Scale = new(0.001m, TimeSpan.FromSeconds(100));
    private static readonly MarketParameters Market = new();

    [Theory]
    [InlineData(PositionSide.Long)]
    [InlineData(PositionSide.Short)]
    public void A_position_at_the_ratio_for_two_sigmas_is_two_sigmas_from_its_liquidation_price(PositionSide side)
    {
        var ratio = RiskDistance.RatioAt(side, 0.03m, Market.CloseFeeRate, 2m, Scale);
        // One unit entered at 2,000: its equity there is its collateral less the closing fee.
        var collateral = ratio * 2_000m + Market.CloseFeeRate * 2_000m;
        var liquidation = PositionMath.LiquidationPrice(side, 1m, 2_000m, collateral, 0m, Market with { MaintenanceMarginRate = 0.03m })!.Value;

        Assert.Equal(2m, Math.Round(RiskDistance.Sigmas(side, liquidation, 2_000m, Scale)!.Value, 5));
        Assert.Equal(0.03m, RiskDistance.RatioAt(side, 0.03m, Market.CloseFeeRate, 0m, Scale));
    }

    [Theory]
    [InlineData(PositionSide.Long)]
    [InlineData(PositionSide.Short)]
    public void The_fraction_closed_at_a_quarter_of_the_penalty_restores_the_two_sigma_ratio(PositionSide side)
    {
        var notional = 40_000m;
        var equity = RiskDistance.RatioAt(side, 0.03m, Market.CloseFeeRate, 0.5m, Scale) * notional;
        var penalty = Market.LiquidationPenaltyRate / 4;
        var target = RiskDistance.RatioAt(side, 0.03m, Market.CloseFeeRate, 2m, Scale);

        var fraction = RiskDistance.Fraction(side, equity, notional, Market, 0.03m, 2m, Scale, penalty);

        Assert.InRange(fraction, 0.01m, 0.99m);
        var left = (equity - penalty * fraction * notional) / ((1 - fraction) * notional);
        Assert.InRange(left - target, 0m, 0.000001m);
    }
    /// <summary>
    /// A σ of 1 per √s (every source agreeing on a jump of that size) at 2σ over 100 s: an exponent of
    /// 20, or of 70 at 7σ, which overflowed a decimal and stopped the market's risk index at the record
    /// on every restart. Capped, every position is within reach, as it is at any move past all prices.
    /// </summary>
    [Theory]
    [InlineData(PositionSide.Long)]
    [InlineData(PositionSide.Short)]
    public void A_volatility_past_any_price_puts_every_position_within_reach_without_overflowing(PositionSide side)
    {
        var wild = new RiskScale(1m, TimeSpan.FromSeconds(100));

        var threshold = RiskDistance.Threshold(side, 1_900m, 7m, wild);
        var ratio = RiskDistance.RatioAt(side, 0.03m, Market.CloseFeeRate, 7m, wild);
        var warnings = new Actors.Risk.RiskWarnings(7m);

        Assert.True(side == PositionSide.Long ? threshold > 1_000_000_000m : threshold < 0.00001m, $"{threshold}");
        Assert.True(ratio > 0.99m, $"{ratio}");
        Assert.True(warnings.Rescaled(wild));
        Assert.Equal(RiskDistance.Growth(RiskDistance.MaxExponent, new RiskScale(1m, TimeSpan.FromSeconds(1))), warnings.Growth);
    }
}
