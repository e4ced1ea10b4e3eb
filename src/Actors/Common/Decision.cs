using LeverageActors.Messages.Common;

namespace LeverageActors.Actors.Common;

/// <summary>What a pure state decides about a command: events to persist, a refusal, or nothing
/// because the same request was applied before.</summary>
public abstract record Decision<TEvent>
{
    private Decision()
    {
    }

    public sealed record Accept(IReadOnlyList<TEvent> Events) : Decision<TEvent>;

    public sealed record Reject(Rejection Reason) : Decision<TEvent>;

    public sealed record AlreadyApplied : Decision<TEvent>;
}

public static class Decisions
{
    public static Decision<TEvent> Accept<TEvent>(params TEvent[] events) => new Decision<TEvent>.Accept(events);

    public static Decision<TEvent> Reject<TEvent>(string code, string message) =>
        new Decision<TEvent>.Reject(new Rejection(code, message));

    public static Decision<TEvent> Reject<TEvent>(Rejection reason) => new Decision<TEvent>.Reject(reason);

    public static Decision<TEvent> AlreadyApplied<TEvent>() => new Decision<TEvent>.AlreadyApplied();
}
