using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Sql.Journal;
using LeverageActors.Actors.Metrics;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// The plugin's journal (its table, tags and read journal), but the writes and recoveries go
/// straight through the engine's driver (an <see cref="IJournalRowWriter"/> and an
/// <see cref="IJournalRowReader"/>) instead of through linq2db, which built a connection with a
/// new mapping schema and the SQL text again for every batch, row and recovery
/// (docs/BENCHMARKS.md). An empty write (a <c>DeferAsync</c> alone in a batch) is answered at
/// once: Akka.Persistence.Sql 1.5.73 takes the first element of it and throws, and ten such
/// failures open the journal's circuit breaker for every write and recovery (docs/BENCHMARKS.md,
/// "the group-commit stall"). Without its engine's
/// <typeparamref name="TSetup"/> it is the plugin's journal unchanged.
/// </summary>
public abstract class DirectSqlJournal<TSetup> : SqlWriteJournal where TSetup : DirectJournalSetup
{
    private readonly JournalMetrics _metrics = NodeMetrics.For(Context.System).Journal;
    private readonly Dictionary<string, Task> _writing = new();
    private readonly StoredEventCodec? _codec;
    private readonly IJournalRowWriter? _writer;
    private readonly IJournalRowReader? _reader;

    /// <param name="open">The engine's writer and reader on the setup's connection string, with the journal's configuration.</param>
    private protected DirectSqlJournal(
        Akka.Configuration.Config journalConfig,
        Func<string, StoredEventCodec, Akka.Configuration.Config, (IJournalRowWriter, IJournalRowReader)> open) : base(journalConfig)
    {
        var setup = Context.System.Settings.Setup.Get<TSetup>();
        if (!setup.HasValue)
            return;
        _codec = new StoredEventCodec((ExtendedActorSystem)Context.System, journalConfig.GetString("tag-separator", ";"));
        (_writer, _reader) = open(setup.Value.ConnectionString, _codec, journalConfig);
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages as IReadOnlyCollection<AtomicWrite> ?? messages.ToList();
        if (writes.Count == 0)
            return JournalWriteTiming.Nothing;
        if (_writer is null || _codec is null)
            return JournalWriteTiming.Timed(_metrics, base.WriteMessagesAsync(writes, cancellationToken));

        var now = DateTime.UtcNow.Ticks;
        var results = new List<Task>(writes.Count);
        var rejected = new Exception?[writes.Count];
        var i = 0;
        foreach (var write in writes)
        {
            try
            {
                var rows = ((IEnumerable<IPersistentRepresentation>)write.Payload).Select(p => _codec.Encode(p, now)).ToList();
                results.Add(_writer.Write(rows));
            }
            catch (Exception e)
            {
                // An event that cannot be serialized is rejected alone; its entity hears of it and the rest go on.
                rejected[i] = e;
            }

            i++;
        }

        var all = Completed(results, rejected);
        // A recovery of the same entity waits for its writes in flight, as the plugin's does.
        var persistenceId = writes.First().PersistenceId;
        _writing[persistenceId] = all;
        var self = Self;
        all.ContinueWith(t => self.Tell(new WriteDone(persistenceId, t)), TaskContinuationOptions.ExecuteSynchronously);
        return JournalWriteTiming.Timed(_metrics, all);
    }

    private static async Task<IImmutableList<Exception>> Completed(List<Task> writes, Exception?[] rejected)
    {
        await Task.WhenAll(writes);
        // Akka takes null for "every write went in", otherwise one entry per atomic write.
        return rejected.All(r => r is null) ? null! : ImmutableList.CreateRange(rejected.Select(r => r!));
    }

    public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        if (_reader is null)
            return await base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);
        if (_writing.TryGetValue(persistenceId, out var inFlight))
            await inFlight.ContinueWith(_ => { }, TaskScheduler.Default);
        return await _reader.HighestSequenceNr(persistenceId, cancellationToken);
    }

    public override Task ReplayMessagesAsync(
        IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<IPersistentRepresentation> recoveryCallback) =>
        _reader is null
            ? base.ReplayMessagesAsync(context, persistenceId, fromSequenceNr, toSequenceNr, max, recoveryCallback)
            : _reader.Replay(persistenceId, fromSequenceNr, toSequenceNr, max, recoveryCallback);

    protected override bool ReceivePluginInternal(object message)
    {
        if (message is not WriteDone done)
            return base.ReceivePluginInternal(message);
        if (_writing.TryGetValue(done.PersistenceId, out var task) && task == done.Write)
            _writing.Remove(done.PersistenceId);
        return true;
    }

    protected override void PostStop()
    {
        _writer?.Dispose();
        _reader?.Dispose();
        base.PostStop();
    }

    private sealed record WriteDone(string PersistenceId, Task Write);
}
