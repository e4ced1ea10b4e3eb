using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Messages.Positions;

/// <summary>
/// At <c>Price</c> (oracle sequence <c>PriceSequence</c>) the position's equity fell below
/// maintenance: the proof an auditor checks. Tagged <c>breach</c>.
/// </summary>
public sealed record PositionBreached(
    PositionId PositionId,
    MarketId Market,
    int Breach,
    decimal Price,
    decimal BorrowIndex,
    decimal Equity,
    decimal Maintenance,
    long PriceSequence,
    DateTimeOffset At) : IPositionEvent
{
    /// <summary>The funding index of its side the equity counted funding to; null (and not written) when none was.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public decimal? FundingIndex { get; init; }
}

/// <summary>By the time a liquidator came the position was healthy again at <c>Price</c> (oracle price number <c>PriceSequence</c>).</summary>
public sealed record BreachCleared(PositionId PositionId, int Breach, decimal Price, decimal Equity, DateTimeOffset At, long PriceSequence = 0)
    : IPositionEvent;

/// <summary>
/// A liquidation of <c>Fraction</c> of the position starts at <c>Price</c>, the oracle's price number
/// <c>PriceSequence</c> accepted at <c>PriceAt</c>, with interest to <c>BorrowIndex</c> (0, null and 0
/// in journals written before they were recorded); tagged <c>liquidation</c>.
/// </summary>
public sealed record LiquidationStarted(
    PositionId PositionId,
    int Breach,
    int Number,
    decimal Fraction,
    decimal Price,
    decimal Equity,
    decimal Maintenance,
    AccountId Liquidator,
    DateTimeOffset At,
    long PriceSequence = 0,
    DateTimeOffset? PriceAt = null,
    decimal BorrowIndex = 0) : IPositionEvent
{
    /// <summary>The funding index of its side the equity counted funding to; null (and not written) when none was.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public decimal? FundingIndex { get; init; }
}

/// <summary>
/// The pool settled the liquidated part. A partial liquidation keeps the payout as collateral; a
/// full one credits it to the trader (<c>PayoutTransfer</c>). The liquidator's reward goes out as
/// <c>RewardTransfer</c>.
/// </summary>
public sealed record PositionLiquidated(
    PositionId PositionId,
    int Breach,
    int Number,
    Settlement Settlement,
    TransferId PayoutTransfer,
    TransferId RewardTransfer,
    DateTimeOffset At) : IPositionEvent;
