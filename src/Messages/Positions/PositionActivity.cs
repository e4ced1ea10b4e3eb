using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Positions;

public enum PositionActivityKind
{
    Opened,
    Decreased,
    Closed,
    Liquidated,

    /// <summary>Warned by predictive liquidation (issue 17): <c>Price</c> the price it was measured at, <c>Quantity</c> what it holds.</summary>
    AtRisk,

    /// <summary>Reduced early by predictive liquidation (issue 17): <c>Price</c> the oracle price, <c>Quantity</c> what it closes.</summary>
    EarlyDeleverage,
}

/// <summary>
/// Published on <c>activity.{market}</c> once a position's change is persisted, for live feeds. It
/// names no account: the feed is public, like a trade tape. <c>Price</c> is the entry, exit or
/// liquidation price; <c>Quantity</c> what changed hands.
/// </summary>
public sealed record PositionActivity(
    PositionId PositionId,
    MarketId Market,
    PositionActivityKind Kind,
    PositionSide Side,
    decimal Quantity,
    decimal Price,
    DateTimeOffset At) : ILeverageMessage
{
    public static string Topic(MarketId market) => "activity." + market.Value;
}
