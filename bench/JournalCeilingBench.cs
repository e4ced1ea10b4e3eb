using System.Diagnostics;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace LeverageActors.Bench;

/// <summary>
/// The journal's own ceiling (issue 22: the product's events/s ≥ 0.25× a raw batched insert). The
/// events of an exchange run (<see cref="JournalFixture.Trading"/>: accounts, pool, oracle and
/// positions, 2,000 opens) are persisted by plain persistent actors, one per entity, each one
/// write at a time as an entity writes, tagged as the entities tag them, through the node's own
/// journal (its serializer, group commit and driver), with none of the domain's work; beside a raw
/// batched insert of as many rows into the same database, measured just after. The opens' ratio
/// minus this one is what the domain's work costs the journal figure; this one is what the
/// journal path alone can give. Two ways of offering the events, the bounds of the product's: each
/// entity waiting for its write before the next (the pool's 2,002 writes one after another bound
/// the run), and without limit: every event handed to its writer at once in the journal's order,
/// each persisted on arrival, so an entity's writes batch while one is in flight as the entity
/// actor's <c>PersistAllAsync</c> lets them. The product offers less than that (a saga's next step
/// waits for the one before) and does more per command (its <c>DeferAsync</c>, the hash chain).
/// </summary>
public static class JournalCeilingBench
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>As an entity's events are tagged: a kind and its market, which the market's followers read.</summary>
    private static readonly string[] Tags = ["bench", "market:ETH-USD"];

    public static async Task<IEnumerable<Result>> Run(BenchDatabases databases, int opens, int rounds)
    {
        var journal = JournalFixture.Trading(opens, closed: 0).Journal.Select(e => (e.PersistenceId, Event: (object)e.Event)).ToList();
        return (await Run(databases, opens, rounds, journal, pipelined: false))
            .Concat(await Run(databases, opens, rounds, journal, pipelined: true));
    }

    private static async Task<IEnumerable<Result>> Run(BenchDatabases databases, int opens, int rounds, List<(string PersistenceId, object Event)> journal, bool pipelined)
    {
        var streams = journal
            .GroupBy(e => e.PersistenceId)
            .Select(g => (PersistenceId: g.Key, Events: g.Select(e => e.Event).ToList()))
            .ToList();
        var total = streams.Sum(s => s.Events.Count);
        var longest = streams.Max(s => s.Events.Count);
        var runs = new List<(double Rate, double Raw, TimeSpan CpuPerEvent)>();
        string engine = databases.Engine, raw = "";
        // A first round warms up (JIT, the engine's caches) and is not counted.
        for (var round = 0; round <= rounds; round++)
        {
            // The last round's idle pooled connections (Npgsql keeps them 5 minutes) would count against the server's max_connections.
            Npgsql.NpgsqlConnection.ClearAllPools();
            var db = databases.Create($"journal-ceiling-{(pipelined ? "pipelined" : "serial")}-{round}");
            raw = db.RawWrite;
            await using var node = await BenchNode.StartAsync(db.Journal);
            // The node's own start-up work (indexes, watchdog, pools) done, so that it runs beside none of the writes.
            await node.UntilSettled();
            var before = db.HighestOrdering();
            var (elapsed, cpu) = pipelined ? await PersistPipelined(node.System, journal, streams) : await Persist(node.System, streams);
            if (db.Count(afterOrdering: before) < total)
                throw new InvalidOperationException($"{db.Count(afterOrdering: before)} rows written, {total} persisted");
            var rawRate = db.RawInsert(total);
            if (round > 0)
                runs.Add((total / elapsed.TotalSeconds, rawRate, cpu / total));
        }

        var rates = runs.Select(r => r.Rate).Order().ToList();
        var ratios = runs.Select(r => r.Rate / r.Raw).Order().ToList();
        var offered = pipelined
            ? "offered without limit: all handed to them at once in the journal's order, each persisted on arrival (PersistAsync)"
            : $"each one write at a time (longest {longest:N0})";
        var scenario = $"journal alone: {total:N0} events of {opens:N0} opens, {streams.Count:N0} entities, {offered}, on {engine}";
        return
        [
            new Result(scenario, "events/s", Report.Rate(rates[rates.Count / 2], "ev/s"),
                $"{Report.Rate(rates[0], "")}– {Report.Rate(rates[^1], "")}", $"{raw} {Report.Rate(runs.Select(r => r.Raw).Order().ElementAt(runs.Count / 2), "rows/s")}",
                Report.Ratio(ratios[ratios.Count / 2]), "≥ 0.25× (issue 22)"),
            new Result(scenario, "CPU per event (both cores)", Report.Us(runs.Select(r => r.CpuPerEvent).Order().ElementAt(runs.Count / 2)), "", "", "", "reported"),
        ];
    }

    /// <summary>Every stream recovered (empty), then all written at once: wall time and process CPU until the last event is persisted.</summary>
    private static Task<(TimeSpan Elapsed, TimeSpan Cpu)> Persist(ActorSystem system, List<(string PersistenceId, List<object> Events)> streams) =>
        Timed(system, streams,
            (s, ready, done) => new StreamWriter(s.PersistenceId, s.Events, ready, done),
            writers =>
            {
                foreach (var writer in writers.Values)
                    writer.Tell(StreamWriter.Go.Instance);
            });

    /// <summary>
    /// Every stream recovered (empty), then the journal's events told to their writers in the
    /// journal's order, none waiting for a write: wall time and process CPU until the last is persisted.
    /// </summary>
    private static Task<(TimeSpan Elapsed, TimeSpan Cpu)> PersistPipelined(
        ActorSystem system, List<(string PersistenceId, object Event)> journal, List<(string PersistenceId, List<object> Events)> streams) =>
        Timed(system, streams,
            (s, ready, done) => new ArrivalWriter(s.PersistenceId, s.Events.Count, ready, done),
            writers =>
            {
                foreach (var (persistenceId, evt) in journal)
                    writers[persistenceId].Tell(new ArrivalWriter.Write(evt));
            });

    /// <summary>One writer per stream, recovered, then <paramref name="send"/>: wall time and process CPU until every writer is done.</summary>
    /// <typeparam name="TWriter">The writer's own type: its Props name it, so that its stash gets the mailbox it needs.</typeparam>
    private static async Task<(TimeSpan Elapsed, TimeSpan Cpu)> Timed<TWriter>(
        ActorSystem system,
        List<(string PersistenceId, List<object> Events)> streams,
        Func<(string PersistenceId, List<object> Events), TaskCompletionSource, TaskCompletionSource, TWriter> writer,
        Action<IReadOnlyDictionary<string, IActorRef>> send) where TWriter : ActorBase
    {
        var ready = streams.Select(_ => new TaskCompletionSource()).ToList();
        var done = streams.Select(_ => new TaskCompletionSource()).ToList();
        // As the shards make entities: an expression's Props compiles per actor, and its finalizers would run during the writes.
        var writers = streams.Select((s, i) => (s.PersistenceId, Ref: system.ActorOf(
                LeverageActors.Actors.Entities.EntityProps.Of(() => writer(s, ready[i], done[i])))))
            .ToDictionary(w => w.PersistenceId, w => w.Ref);
        await Task.WhenAll(ready.Select(r => r.Task)).WaitAsync(Timeout);

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        send(writers);
        await Task.WhenAll(done.Select(d => d.Task)).WaitAsync(Timeout);
        return (watch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
    }

    /// <summary>One entity's events, persisted in order, each after the one before is written.</summary>
    private sealed class StreamWriter : ReceivePersistentActor
    {
        public StreamWriter(string persistenceId, List<object> events, TaskCompletionSource ready, TaskCompletionSource done)
        {
            PersistenceId = persistenceId;
            var next = 0;
            void WriteNext()
            {
                if (next == events.Count)
                {
                    done.TrySetResult();
                    Context.Stop(Self);
                    return;
                }

                Persist(new Tagged(events[next++], Tags), _ => WriteNext());
            }

            Recover<RecoveryCompleted>(_ => ready.TrySetResult());
            Command<Go>(_ => WriteNext());
        }

        public override string PersistenceId { get; }

        public sealed class Go
        {
            public static readonly Go Instance = new();
        }
    }

    /// <summary>One entity's events, each persisted as it arrives without waiting for the one before, as the entity actor persists a command's events.</summary>
    private sealed class ArrivalWriter : ReceivePersistentActor
    {
        public ArrivalWriter(string persistenceId, int count, TaskCompletionSource ready, TaskCompletionSource done)
        {
            PersistenceId = persistenceId;
            var written = 0;
            Recover<RecoveryCompleted>(_ => ready.TrySetResult());
            Command<Write>(w => PersistAsync(new Tagged(w.Event, Tags), _ =>
            {
                if (++written < count)
                    return;
                done.TrySetResult();
                Context.Stop(Self);
            }));
        }

        public override string PersistenceId { get; }

        public sealed record Write(object Event);
    }
}
