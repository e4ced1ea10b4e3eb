using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Positions;

/// <summary>From the risk index: the price crossed this position's threshold; evaluate exactly.</summary>
public sealed record CheckMargin(PositionId PositionId, decimal Price, decimal BorrowIndex, long PriceSequence, DateTimeOffset At)
    : IWithPositionId;

/// <summary>From a liquidator: close breach <c>Breach</c> at the latest price it knows.</summary>
public sealed record Liquidate(
    PositionId PositionId, int Breach, AccountId Liquidator, decimal Price, decimal BorrowIndex, DateTimeOffset At)
    : IWithPositionId;

/// <summary>Published on <c>breach.{market}</c> once a breach is persisted: the liquidators' fast path.</summary>
public sealed record BreachNotice(PositionId PositionId, MarketId Market, int Breach, decimal Price, decimal BorrowIndex, DateTimeOffset At)
    : ILeverageMessage
{
    public static string Topic(MarketId market) => "breach." + market.Value;
}

/// <summary>
/// The position's answer to every <see cref="Liquidate"/>: <c>Resolved</c> once the breach needs no
/// liquidator any more (liquidated, cleared, or the position closed); otherwise ask again later.
/// </summary>
public sealed record LiquidationAnswer(PositionId PositionId, int Breach, bool Resolved) : ILeverageMessage;
