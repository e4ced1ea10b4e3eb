using System.Collections.Immutable;
using Akka.Persistence;
using Akka.Persistence.Sql.Journal;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// The SQL journal, answering an empty write at once. <c>DeferAsync</c> behind a
/// <c>PersistAsync</c> whose write has already left sends the journal a batch with no event;
/// Akka.Persistence.Sql 1.5.73 takes the first element of it, throws, and the failure counts
/// against the journal's circuit breaker: ten of them and every write and every recovery fails
/// fast for 30 s ("Circuit Breaker is open"). Measured: 500 concurrent opens with asynchronous
/// group commit opened the breaker within seconds. (The same bug was fixed in the Redis journal,
/// akkadotnet/Akka.Persistence.Redis#455.)
/// </summary>
public sealed class SqlJournalWithoutEmptyWrites(Akka.Configuration.Config journalConfig) : SqlWriteJournal(journalConfig)
{
    private static readonly Task<IImmutableList<Exception>> Nothing = Task.FromResult<IImmutableList<Exception>>(ImmutableList<Exception>.Empty);

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages as IReadOnlyCollection<AtomicWrite> ?? messages.ToList();
        return writes.Count == 0 ? Nothing : base.WriteMessagesAsync(writes, cancellationToken);
    }
}
