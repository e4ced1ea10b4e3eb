using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Positions;

/// <summary>
/// Predictive liquidation's early deleverage (issue 17 item 3): at <c>Price</c> (oracle sequence
/// <c>PriceSequence</c>) the position was <c>Sigmas</c> standard deviations of the move over
/// <c>Horizon</c> (<c>Sigma</c> per √second) from its liquidation price at <c>Maintenance</c>, the
/// requirement in force, below the market's <c>Level</c>; it closes <c>Fraction</c> as settlement
/// <c>Number</c> at that price, the fraction that leaves it <c>Target</c> σ away. The settlement itself
/// follows as the position's <see cref="PositionSettlementRequested"/> in the same write, and pays
/// <c>PenaltyRate</c> on the closed notional (the market's <c>PenaltyShare</c> of its liquidation
/// penalty rate), all of it to the insurance fund.
/// </summary>
public sealed record EarlyDeleverageStarted(
    PositionId PositionId,
    MarketId Market,
    int Number,
    decimal Fraction,
    decimal Sigmas,
    decimal Level,
    decimal Target,
    decimal Price,
    long PriceSequence,
    decimal BorrowIndex,
    decimal Maintenance,
    decimal Sigma,
    TimeSpan Horizon,
    DateTimeOffset At) : IPositionEvent
{
    /// <summary>The penalty's rate on the closed notional; left out when 0 (recorded before penalties, or a share of 0).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal PenaltyRate { get; init; }
}
