using LeverageActors.Messages.Pools;

namespace LeverageActors.Actors.Pools;

/// <summary>The oracle's circuit breaker as the pool recorded it: no new risk and no LP exit before <see cref="Until"/>.</summary>
public sealed record Halts(DateTimeOffset? Until)
{
    public static Halts None { get; } = new((DateTimeOffset?)null);

    public bool IsHaltedAt(DateTimeOffset at) => Until is { } until && at < until;

    public Halts Apply(IPoolEvent evt) => evt is TradingHalted e ? new Halts(e.Until) : this;
}
