using System.Text.Json.Serialization;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Positions;

/// <summary>A stop-loss closes at a loss before it grows; a take-profit closes at a gain before it shrinks.</summary>
public enum TriggerKind
{
    StopLoss,
    TakeProfit,
}

/// <summary>
/// The owner's order to close <c>Fraction</c> (0 &lt; f ≤ 1, of what is held when it executes) once the
/// oracle price reaches <c>TriggerPrice</c>. <c>Price</c> is the oracle price now: the trigger must lie
/// on its kind's side of it.
/// </summary>
public sealed record PlaceTrigger(
    PositionId PositionId,
    AccountId AccountId,
    RequestId RequestId,
    TriggerKind Kind,
    decimal TriggerPrice,
    decimal Fraction,
    decimal Price,
    DateTimeOffset At) : IPositionCommand
{
    /// <summary>
    /// The number of the oracle price <c>Price</c> is: only a later price can reach the trigger. Null from
    /// a caller that does not know it (tests, nodes before December 2026): any price may then.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? PriceSequence { get; init; }
}

/// <summary>The owner withdraws trigger <c>Trigger</c> before it executes.</summary>
public sealed record CancelTrigger(PositionId PositionId, AccountId AccountId, RequestId RequestId, int Trigger, DateTimeOffset At)
    : IPositionCommand;

/// <summary>
/// Oracle price #<c>Sequence</c>, <c>Price</c>: the price that reached a trigger. The trigger executes at
/// a later one, the first the risk index saw after it.
/// </summary>
public sealed record TriggerCrossing(decimal Price, long Sequence);

/// <summary>
/// From the risk index: trigger <c>Trigger</c> was reached by the price in <c>Crossing</c>, and oracle
/// price #<c>PriceSequence</c>, <c>Price</c>, accepted at <c>PriceAt</c>, is the next one, at which it
/// executes. <c>At</c> is the index's clock. The position executes it once, as its owner's close at that
/// price, when the price is fresh (as for a liquidation) and it is not being liquidated.
/// </summary>
public sealed record ExecuteTrigger(PositionId PositionId, int Trigger, decimal Price, long PriceSequence, DateTimeOffset PriceAt, DateTimeOffset At)
    : IWithPositionId
{
    /// <summary>
    /// The price that reached the trigger, before the execution's. Null in the form an index sent before
    /// next-price triggers: its one price both reached the trigger and executed it.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TriggerCrossing? Crossing { get; init; }
}

/// <summary>
/// Trigger <c>Trigger</c> of the position: close <c>Fraction</c> when the price reaches <c>TriggerPrice</c>
/// (at or below it for a long's stop-loss and a short's take-profit, at or above it otherwise);
/// placed by request <c>RequestId</c> when the price was <c>Price</c>.
/// </summary>
public sealed record TriggerPlaced(
    PositionId PositionId,
    RequestId RequestId,
    int Trigger,
    TriggerKind Kind,
    decimal TriggerPrice,
    decimal Fraction,
    decimal Price,
    DateTimeOffset At) : IPositionEvent
{
    /// <summary>
    /// The number of the oracle price <c>Price</c> is (<see cref="PlaceTrigger.PriceSequence"/>): a crossing
    /// must be a later price. Null (not written) in rows of nodes before December 2026 and of callers that
    /// did not say, which any crossing may prove.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? PriceSequence { get; init; }
}

/// <summary>The owner cancelled trigger <c>Trigger</c> by request <c>RequestId</c>.</summary>
public sealed record TriggerCancelled(PositionId PositionId, RequestId RequestId, int Trigger, DateTimeOffset At) : IPositionEvent;

/// <summary>
/// Trigger <c>Trigger</c> executed at oracle price #<c>PriceSequence</c> (<c>Price</c>, accepted at
/// <c>PriceAt</c>): settlement <c>Number</c>, persisted with it, closes its fraction at that price.
/// </summary>
public sealed record TriggerExecuted(
    PositionId PositionId,
    int Trigger,
    int Number,
    decimal Price,
    long PriceSequence,
    DateTimeOffset PriceAt,
    DateTimeOffset At) : IPositionEvent
{
    /// <summary>
    /// The earlier price that reached the trigger. Null in rows written before next-price triggers,
    /// whose execution price was the one that reached it.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TriggerCrossing? Crossing { get; init; }

    /// <summary>
    /// The settlement persisted with it settles at least the market's minimum notional, or the whole
    /// position where the rest would be below it. False (and not written) in rows of nodes before
    /// December 2026, whose settlements took the trigger's own fraction: the audit holds a marked
    /// execution to the rule, since an unmarked one may be either.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool SettlesAtLeastMinimum { get; init; }
}

/// <summary>A trigger as the position's view shows it.</summary>
public sealed record TriggerView(int Trigger, TriggerKind Kind, decimal TriggerPrice, decimal Fraction, RequestId PlacedBy, DateTimeOffset PlacedAt)
{
    /// <summary>The oracle price number it was placed against (<see cref="TriggerPlaced.PriceSequence"/>); null when not recorded.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? PlacedAtPrice { get; init; }
}
