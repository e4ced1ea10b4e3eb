using LeverageActors.Actors.Entities;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions.Operations;

/// <summary>
/// One thing a position has started and not yet finished: the message it sends until answered,
/// the reply it expects and the event that reply becomes, and what completing it leaves to
/// deliver. A new saga step is a new operation plus its events.
/// </summary>
public abstract record PositionOperation
{
    /// <summary>What the position sends, and sends again after a restart, while this is in flight; null when it waits on no one.</summary>
    public abstract object? Message { get; }

    /// <summary>The trader request this operation finishes: a retry of it waits instead of starting another.</summary>
    public virtual RequestId? Request => null;

    /// <summary>Collateral moves under this operation: no other such operation, nor a liquidation, starts while it runs.</summary>
    public virtual bool MovesCollateral => false;

    /// <summary>What <paramref name="reply"/> makes of this operation; null when the reply is not its own.</summary>
    public virtual Handling<PositionState, IPositionEvent>? Answer(PositionState position, object reply) => null;

    /// <summary>
    /// This operation once <paramref name="evt"/> is applied to <paramref name="before"/>: itself,
    /// its next step, or the deliveries its completion leaves (none when it is simply done).
    /// </summary>
    public virtual IEnumerable<PositionOperation> After(PositionState before, IPositionEvent evt) => [this];

    /// <summary>How the trader's request ends when <paramref name="evt"/> completes this operation: null refusal for accepted.</summary>
    public virtual (RequestId Request, Rejection? Refusal)? Outcome(IPositionEvent evt) => null;

    protected static Handling<PositionState, IPositionEvent> Persist(IPositionEvent evt) =>
        Handling<PositionState, IPositionEvent>.Persist(evt);

    /// <summary>The trader's request starts an operation: the event that starts it, and the caller waits for its outcome.</summary>
    protected static Handling<PositionState, IPositionEvent> Begin(RequestId request, IPositionEvent evt) => new([evt], Awaits: request);

    protected static Handling<PositionState, IPositionEvent> Refuse(PositionState position, RequestId request, Rejection reason) =>
        Handling<PositionState, IPositionEvent>.Answer(new PositionCommandRejected(position.Id, request, reason));
}
