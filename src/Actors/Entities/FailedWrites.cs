using System.Collections.Concurrent;
using Akka.Actor;

namespace LeverageActors.Actors.Entities;

/// <summary>
/// The entities on this node that a failed write or a failed recovery stopped and that have not
/// recovered since, each with the number of times it was woken. Either stops its entity, and without
/// remembered entities nothing starts it again: its outbox (a payout to credit, a lock to release)
/// would wait for whatever message reached it next. It is woken after a pause, and again after each
/// recovery that fails, each pause twice the last, until a recovery succeeds.
/// </summary>
public sealed class FailedWrites : IExtension
{
    public static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan LongestPause = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, int> _wakes = new();

    public static FailedWrites For(ActorSystem system) => system.WithExtension<FailedWrites, FailedWritesProvider>();

    /// <summary>The entity's write or recovery failed: the pause before it is woken.</summary>
    public TimeSpan Failed(string persistenceId) => Pause(_wakes.AddOrUpdate(persistenceId, 1, (_, n) => n + 1));

    public void Recovered(string persistenceId) => _wakes.TryRemove(persistenceId, out _);

    /// <summary>
    /// The pause before wake number <paramref name="wake"/>, give or take a fifth: entities that failed
    /// together (a database outage, a lost member's take-over timing out) do not all recover at once again.
    /// </summary>
    public static TimeSpan Pause(int wake) =>
        TimeSpan.FromTicks((long)(Math.Min(LongestPause.Ticks, FirstPause.Ticks << Math.Min(wake - 1, 10)) * (0.8 + 0.4 * Random.Shared.NextDouble())));
}

public sealed class FailedWritesProvider : ExtensionIdProvider<FailedWrites>
{
    public override FailedWrites CreateExtension(ExtendedActorSystem system) => new();
}
