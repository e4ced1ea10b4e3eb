using LeverageActors.Messages;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Entities;

/// <summary>
/// What one message did to one entity's pure state outside an actor: the events it persisted under
/// the entity's persistence id, the answer and where it goes or the request the sender waits on,
/// and, when events were persisted, the entity's outbox after them.
/// </summary>
public sealed record EntityStep(
    string PersistenceId,
    IReadOnlyList<ILeverageEvent> Events,
    object? Reply,
    Recipient ReplyTo,
    RequestId? Awaits,
    IReadOnlyList<object> Outbox);
