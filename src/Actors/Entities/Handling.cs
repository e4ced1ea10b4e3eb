using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Entities;

/// <summary>
/// What an entity's pure state makes of one message: the events to persist, then either a reply
/// computed from the state after those events, or the request id whose completion the sender
/// waits for (a saga still running). <see cref="ReplyTo"/> says where the reply goes: the sender
/// unless the handling names another entity.
/// </summary>
public sealed record Handling<TState, TEvent>(
    IReadOnlyList<TEvent> Events,
    Func<TState, object?>? Reply = null,
    RequestId? Awaits = null)
{
    public static Handling<TState, TEvent> Ignore { get; } = new([]);

    public Recipient ReplyTo { get; init; } = Recipient.Sender;

    /// <summary>Answers the sender, persisting nothing.</summary>
    public static Handling<TState, TEvent> Answer(object reply) => new([], _ => reply);

    /// <summary>Sends the reply on to another entity, persisting nothing.</summary>
    public static Handling<TState, TEvent> Tell(EntityAddress entity, object reply) => new([], _ => reply) { ReplyTo = entity };

    public static Handling<TState, TEvent> Persist(params TEvent[] events) => new(events);
}
