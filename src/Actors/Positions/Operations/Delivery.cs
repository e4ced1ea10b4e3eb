using LeverageActors.Actors.Entities;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions.Operations;

/// <summary>
/// A message a finished step leaves to deliver, sent until its receiver acknowledges it: the
/// acknowledgement is persisted as <see cref="Acknowledged"/>'s event, and that event ends it.
/// </summary>
public abstract record Delivery<TMessage>(TMessage Sent) : PositionOperation where TMessage : notnull
{
    public sealed override object? Message => Sent;

    /// <summary>The event <paramref name="reply"/> becomes when it acknowledges <see cref="Sent"/>; null otherwise.</summary>
    protected abstract IPositionEvent? Acknowledged(PositionState position, object reply);

    /// <summary>Whether <paramref name="evt"/> records the acknowledgement of <see cref="Sent"/>.</summary>
    protected abstract bool Ends(IPositionEvent evt);

    public sealed override Handling<PositionState, IPositionEvent>? Answer(PositionState position, object reply) =>
        Acknowledged(position, reply) is { } evt ? Persist(evt) : null;

    public sealed override IEnumerable<PositionOperation> After(PositionState before, IPositionEvent evt) => Ends(evt) ? [] : [this];
}
