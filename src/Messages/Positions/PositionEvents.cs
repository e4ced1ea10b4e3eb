using System.Text.Json.Serialization;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Messages.Positions;

public interface IPositionEvent : ILeverageEvent
{
    PositionId PositionId { get; }

    DateTimeOffset At { get; }
}

/// <summary>The trader asked to open; the saga starts by locking collateral. Terms are fixed here.</summary>
public sealed record PositionOpenRequested(
    PositionId PositionId,
    AccountId AccountId,
    RequestId RequestId,
    MarketId Market,
    PositionSide Side,
    decimal Collateral,
    decimal Leverage,
    decimal EntryPrice,
    decimal Quantity,
    decimal Reserved,
    decimal OpenFee,
    MarketParameters Parameters,
    DateTimeOffset At) : IPositionEvent
{
    /// <summary>A cross position: the account admits it against its cross equity; it holds no collateral of its own.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Cross { get; init; }

    /// <summary>
    /// The marks the open's request carried, for the account's decision, in memory only: never
    /// written (journals before this rule hold them, and are read without), so a lock or cross
    /// admission asked again after a restart carries none and an account cross margin decides for
    /// refuses it, rather than deciding at prices however old its request is.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<Accounts.MarketMark>? Marks { get; init; }

    /// <summary>Next-price execution: the request's and the price's numbers; null (and not written) when acting at the latest price.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Common.Execution? Execution { get; init; }
}

/// <summary>
/// A settling cross position took <c>Amount</c> from its account (transfer <c>TransferId</c>) to hand
/// the pool as settlement <c>Number</c>'s collateral.
/// </summary>
public sealed record SettlementMarginDrawn(PositionId PositionId, int Number, TransferId TransferId, decimal Amount, DateTimeOffset At)
    : IPositionEvent;

public sealed record OpenCollateralLocked(PositionId PositionId, DateTimeOffset At) : IPositionEvent;

/// <summary>The pool backs the position: it is open, holding collateral less the opening fee.</summary>
public sealed record PositionOpened(PositionId PositionId, decimal Collateral, decimal BorrowIndex, DateTimeOffset At)
    : IPositionEvent
{
    /// <summary>The open's price impact as the pool decided it, pending until the close (positive: the trader owes it). Left out when 0.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal Impact { get; init; }

    /// <summary>The funding index of the position's side at the open, as the pool recorded it: its funding runs from here. Left out when 0.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal FundingIndex { get; init; }

    /// <summary>
    /// The pool's funding factor at the open, as its reservation answered it: a cross position's
    /// settlements draw its funding bound by it (or by the market's own, if higher), and since it is
    /// recorded, each must. Left out when 0 (no funding, or opened before it was recorded).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal FundingFactor { get; init; }
}

/// <summary>The open was refused at some step; whatever was locked or reserved is being undone.</summary>
public sealed record PositionOpenFailed(PositionId PositionId, Rejection Reason, DateTimeOffset At) : IPositionEvent
{
    /// <summary>
    /// Whether the failure cancels the pool's reservation whatever it knew of the lock: true since
    /// December 2026, where a refusal of the lock could arrive after the pool was asked. A failure
    /// recorded before keeps the undoing it had, so an older journal replays as it was written.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool CancelsReservation { get; init; }
}

/// <summary>The account or the pool has applied a transfer or a cancellation this position sent.</summary>
public sealed record PositionTransferAcknowledged(PositionId PositionId, TransferId TransferId, DateTimeOffset At)
    : IPositionEvent;

public sealed record ReservationCancellationAcknowledged(PositionId PositionId, DateTimeOffset At) : IPositionEvent;

/// <summary>The pool has noted that breach <c>Breach</c> opened (<c>Open</c>) or cleared.</summary>
public sealed record PoolBreachNoteAcknowledged(PositionId PositionId, int Breach, bool Open, DateTimeOffset At) : IPositionEvent;

/// <summary>The pool has booked the collateral change of transfer <c>TransferId</c>.</summary>
public sealed record PoolCollateralAcknowledged(PositionId PositionId, TransferId TransferId, DateTimeOffset At) : IPositionEvent;

public sealed record CollateralIncreaseRequested(PositionId PositionId, RequestId RequestId, TransferId TransferId, decimal Amount, DateTimeOffset At)
    : IPositionEvent
{
    /// <summary>
    /// The marks the account's lock is asked at, in memory only: never written, so a lock asked again
    /// after a restart carries none and an account cross margin decides for refuses it, rather than
    /// deciding at prices of a time a trader could choose by waiting out an outage.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<Accounts.MarketMark>? Marks { get; init; }
}

public sealed record CollateralIncreased(PositionId PositionId, TransferId TransferId, decimal Amount, DateTimeOffset At)
    : IPositionEvent;

public sealed record CollateralIncreaseFailed(PositionId PositionId, TransferId TransferId, Rejection Reason, DateTimeOffset At)
    : IPositionEvent;

/// <summary>Collateral removal waits for the pool's borrow index to value interest exactly.</summary>
public sealed record CollateralDecreaseRequested(PositionId PositionId, RequestId RequestId, decimal Amount, decimal Price, DateTimeOffset At)
    : IPositionEvent
{
    /// <summary>The market's initial margin rate in force at <c>Price</c> (dynamic margin), from the command; null (and not written): the position's own.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? InitialMarginRate { get; init; }

    /// <summary>Next-price execution: the request's and the price's numbers; null (and not written) when acting at the latest price.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Common.Execution? Execution { get; init; }
}

public sealed record CollateralDecreased(PositionId PositionId, TransferId TransferId, decimal Amount, decimal BorrowIndex, DateTimeOffset At)
    : IPositionEvent;

public sealed record CollateralDecreaseRefused(PositionId PositionId, Rejection Reason, decimal BorrowIndex, DateTimeOffset At)
    : IPositionEvent;

/// <summary>Settlement <c>Number</c> of <c>Fraction</c> of the position starts at <c>Price</c> (1: a close).</summary>
public sealed record PositionSettlementRequested(
    PositionId PositionId, RequestId RequestId, int Number, decimal Fraction, decimal Price, DateTimeOffset At)
    : IPositionEvent
{
    /// <summary>Next-price execution: the request's and the price's numbers; null (and not written) when acting at the latest price.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Common.Execution? Execution { get; init; }

    /// <summary>
    /// A cross position's bound on the funding its settled part can owe (its market's funding factor
    /// for every second since it opened), drawn from its account with the rest of the cover and paid
    /// back unless owed; 0 (and not written) for an isolated position, one without funding, and every
    /// settlement recorded before cross settlements drew it.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public decimal FundingBound { get; init; }
}

/// <summary>The pool settled; the payout is on its way to the account as transfer <c>TransferId</c>.</summary>
public sealed record PositionSettlementCompleted(
    PositionId PositionId, int Number, TransferId TransferId, Settlement Settlement, DateTimeOffset At)
    : IPositionEvent;
