using System.Collections.Immutable;
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
    private readonly JournalMetrics _metrics = NodeMetrics.For(Context.System).Journal;

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages as IReadOnlyCollection<AtomicWrite> ?? messages.ToList();
        return writes.Count == 0
            ? JournalWriteTiming.Nothing
            : JournalWriteTiming.Timed(_metrics, base.WriteMessagesAsync(writes, cancellationToken));
    }
}
