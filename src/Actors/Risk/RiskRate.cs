using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Risk;

/// <summary>
/// The terms a position's check threshold is held to besides its own amounts: the maintenance
/// rate it opened under and its close fee. Positions with equal terms share one divisor at any
/// requirement, so the risk index keeps them in one book with one multiplier per side
/// (<see cref="ScaledRiskBook"/>); a market's positions usually all share one.
/// </summary>
public readonly record struct RiskRate(decimal Maintenance, decimal CloseFee)
{
    /// <summary>
    /// The liquidation price's divisor per unit of quantity at <paramref name="required"/>: the
    /// position's own rate or the requirement, whichever is higher, times the cushion, written
    /// as <see cref="Positions.PositionMath.LiquidationPrice"/> computes it (same operations, same
    /// order, so the same decimal): 1 − m·c − f for a long, 1 + m·c + f for a short.
    /// </summary>
    public decimal Divisor(PositionSide side, decimal? required)
    {
        var held = required is { } rate && rate > Maintenance ? rate : Maintenance;
        var cautious = held * RiskThreshold.Cushion;
        return side == PositionSide.Long ? 1 - cautious - CloseFee : 1 + cautious + CloseFee;
    }
}
