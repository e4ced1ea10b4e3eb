using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Positions;

/// <summary>
/// Predictive liquidation (issue 17 item 3): at <c>Price</c> (oracle sequence <c>PriceSequence</c>)
/// the position was <c>Sigmas</c> standard deviations of the move over <c>Horizon</c> from
/// <c>LiquidationPrice</c> (the price at which its equity, with interest to <c>BorrowIndex</c>, meets
/// <c>Maintenance</c>, the requirement in force), below the market's warning <c>Level</c>; <c>Sigma</c> per √second. Written once per
/// crossing: the next is armed by <see cref="PositionRiskCleared"/>.
/// </summary>
public sealed record PositionAtRisk(
    PositionId PositionId,
    MarketId Market,
    decimal Sigmas,
    decimal Level,
    decimal Price,
    decimal BorrowIndex,
    decimal LiquidationPrice,
    decimal Maintenance,
    decimal Sigma,
    TimeSpan Horizon,
    long PriceSequence,
    DateTimeOffset At) : IPositionEvent;

/// <summary>The at-risk position is <c>Sigmas</c> from liquidation again at <c>Price</c>, at or above the warning level.</summary>
public sealed record PositionRiskCleared(PositionId PositionId, MarketId Market, decimal Sigmas, decimal Price, long PriceSequence, DateTimeOffset At)
    : IPositionEvent;
