using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Entities;

/// <summary>
/// What an entity's pure state makes of one message: the events to persist, then either a reply
/// computed from the state after those events, or the request id whose completion the sender
/// waits for (a saga still running).
/// </summary>
public sealed record Handling<TState, TEvent>(
    IReadOnlyList<TEvent> Events,
    Func<TState, object?>? Reply = null,
    RequestId? Awaits = null)
{
    public static Handling<TState, TEvent> Ignore { get; } = new([]);

    public static Handling<TState, TEvent> Answer(object reply) => new([], _ => reply);

    public static Handling<TState, TEvent> Persist(params TEvent[] events) => new(events);
}
