using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Persistence;
using Akka.Persistence.Sql.Journal;
using LeverageActors.Actors.Metrics;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// The SQL journal, answering an empty write at once. <c>DeferAsync</c> behind a
/// <c>PersistAsync</c> whose write has already left sends the journal a batch with no event;
/// Akka.Persistence.Sql 1.5.73 takes the first element of it, throws, and the failure counts
/// against the journal's circuit breaker: ten of them and every write and every recovery fails
/// fast for 30 s ("Circuit Breaker is open"). Measured: 500 concurrent opens with asynchronous
/// group commit opened the breaker within seconds. (The same bug was fixed in the Redis journal,
/// akkadotnet/Akka.Persistence.Redis#455.) Each real write is timed for the node's metrics.
/// </summary>
public sealed class SqlJournalWithoutEmptyWrites(Akka.Configuration.Config journalConfig) : SqlWriteJournal(journalConfig)
{
    private static readonly Task<IImmutableList<Exception>> Nothing = Task.FromResult<IImmutableList<Exception>>(ImmutableList<Exception>.Empty);

    private readonly JournalMetrics _metrics = NodeMetrics.For(Context.System).Journal;

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages as IReadOnlyCollection<AtomicWrite> ?? messages.ToList();
        if (writes.Count == 0)
            return Nothing;
        var started = Stopwatch.GetTimestamp();
        return Timed(base.WriteMessagesAsync(writes, cancellationToken), started);
    }

    private async Task<IImmutableList<Exception>> Timed(Task<IImmutableList<Exception>> write, long started)
    {
        try
        {
            var rejections = await write;
            _metrics.Written(Stopwatch.GetElapsedTime(started), ok: true);
            return rejections;
        }
        catch
        {
            _metrics.Written(Stopwatch.GetElapsedTime(started), ok: false);
            throw;
        }
    }
}
