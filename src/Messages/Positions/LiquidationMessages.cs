using System.Text.Json.Serialization;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Positions;

/// <summary>From the risk index: the price crossed this position's threshold; evaluate exactly.</summary>
public sealed record CheckMargin(PositionId PositionId, decimal Price, decimal BorrowIndex, long PriceSequence, DateTimeOffset At)
    : IWithPositionId
{
    /// <summary>The dynamic margin in force at the price; null: the position's own maintenance rate.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MarginInForce? Margin { get; init; }

    /// <summary>The σ and horizon the margin was recorded from: the position's distance to liquidation is measured in it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RiskScale? Scale { get; init; }

    /// <summary>The funding index of the position's side at the price (issue 18): funding owed counts against equity. Null: none counted.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? FundingIndex { get; init; }
}

/// <summary>
/// From a liquidator: close breach <c>Breach</c> at the oracle's price number <c>PriceSequence</c>,
/// accepted at <c>PriceAt</c>. <c>At</c> is the liquidator's clock: the position refuses a price older
/// than the newest it has seen, or older than the oracle's staleness limit at <c>At</c>.
/// </summary>
public sealed record Liquidate(
    PositionId PositionId,
    int Breach,
    AccountId Liquidator,
    decimal Price,
    long PriceSequence,
    DateTimeOffset PriceAt,
    decimal BorrowIndex,
    DateTimeOffset At)
    : IWithPositionId
{
    /// <summary>The dynamic margin in force at the price; null: the position's own maintenance rate.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MarginInForce? Margin { get; init; }

    /// <summary>The funding index of the position's side at the price; null: the breach's.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? FundingIndex { get; init; }
}

/// <summary>Published on <c>breach.{market}</c> once a breach is persisted: the liquidators' fast path.</summary>
public sealed record BreachNotice(PositionId PositionId, MarketId Market, int Breach, decimal Price, decimal BorrowIndex, DateTimeOffset At)
    : ILeverageMessage
{
    public static string Topic(MarketId market) => "breach." + market.Value;
}

/// <summary>
/// The position's answer to every <see cref="Liquidate"/>: <c>Resolved</c> once the breach needs no
/// liquidator any more (liquidated, cleared, or the position closed); otherwise ask again later,
/// with a fresh oracle price when <c>PriceRefused</c> (older than the newest the position has seen,
/// or stale).
/// </summary>
public sealed record LiquidationAnswer(PositionId PositionId, int Breach, bool Resolved, bool PriceRefused = false) : ILeverageMessage;
