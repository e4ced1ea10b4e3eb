namespace LeverageActors.Host.Simulation;

/// <summary>
/// The node engine's time: the path's, moved forward by the engine as it replays prices and opens.
/// The node's liquidators and risk indexes read it (the <see cref="TimeProvider"/> service) to stamp
/// liquidations and judge whether an oracle price is fresh; with the wall clock, every replayed
/// price would be months old to them and no liquidation would ever be sent.
/// </summary>
public sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    /// <summary>Moves the clock to <paramref name="at"/>; never backwards, as no node's clock goes.</summary>
    public void MoveTo(DateTimeOffset at)
    {
        long seen;
        do
        {
            seen = Interlocked.Read(ref _ticks);
            if (at.UtcTicks <= seen)
                return;
        } while (Interlocked.CompareExchange(ref _ticks, at.UtcTicks, seen) != seen);
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
}
