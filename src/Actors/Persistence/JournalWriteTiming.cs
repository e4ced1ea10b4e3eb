using System.Collections.Immutable;
using System.Diagnostics;
using LeverageActors.Actors.Metrics;

namespace LeverageActors.Actors.Persistence;

/// <summary>Each real journal write timed for the node's metrics, whichever journal writes it.</summary>
internal static class JournalWriteTiming
{
    public static readonly Task<IImmutableList<Exception>> Nothing = Task.FromResult<IImmutableList<Exception>>(ImmutableList<Exception>.Empty);

    public static async Task<IImmutableList<Exception>> Timed(JournalMetrics metrics, Task<IImmutableList<Exception>> write)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var rejections = await write;
            metrics.Written(Stopwatch.GetElapsedTime(started), ok: true);
            return rejections;
        }
        catch
        {
            metrics.Written(Stopwatch.GetElapsedTime(started), ok: false);
            throw;
        }
    }
}
