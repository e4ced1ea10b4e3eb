using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Entities;

/// <summary>
/// The pure core of a persistent entity, shared by the actor, recovery, the audit and the
/// in-process exchange. Nothing here reads a clock or sends a message.
/// </summary>
public interface IEntityState<TState, TEvent> where TState : IEntityState<TState, TEvent>
{
    Handling<TState, TEvent> Handle(object message);

    TState Apply(TEvent evt);

    /// <summary>
    /// Messages to other entities that this state still waits to see acknowledged. Derived from
    /// state alone, so after a crash the recovered entity re-sends exactly what was outstanding.
    /// </summary>
    IReadOnlyList<object> Outbox { get; }

    /// <summary>The answer to a caller's request once its saga has finished; null while it runs.</summary>
    object? ReplyFor(RequestId request);
}
