using System.Runtime.CompilerServices;
using Akka;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams.Dsl;
using LeverageActors.Actors.Persistence;

namespace LeverageActors.Actors.Common;

/// <summary>
/// A tag's events after an offset: only those already written (<paramref name="live"/> false, the
/// stream ends when it has caught up), or those and every later one.
/// </summary>
public delegate Source<EventEnvelope, NotUsed> JournalQuery(string tag, long after, bool live);

public static class JournalQueries
{
    /// <summary>
    /// The offset a follower passes to start at its tag's newest event already written instead of
    /// the journal's beginning: for what only the latest rows of matter, such as a market's prices.
    /// </summary>
    public const long FromNewest = -1;

    /// <summary>Tries at making the read journal, 5 s each, before a query counts as failed.</summary>
    private const int ReadJournalTries = 6;

    private static readonly ConditionalWeakTable<ActorSystem, Task<SqlReadJournal>> ReadJournals = new();

    /// <summary>
    /// The node's journal: on SQLite read directly (<see cref="SqliteTagQuery"/>), live on
    /// PostgreSQL through the node's one reader of new rows (<see cref="PostgresTagQuery"/>), elsewhere
    /// through Akka.Persistence.Query. Offsets are the journal's ordering, exclusive, every way.
    /// </summary>
    public static JournalQuery For(ActorSystem system) =>
        SqliteTagQuery.For(system) is { } sqlite ? sqlite.Events
        : PostgresTagQuery.For(system) is { } postgres ? postgres.Events
        : Sql(system);

    /// <summary>The node's journal, through Akka.Persistence.Query: offsets are the journal's ordering, exclusive; <see cref="FromNewest"/> reads the whole tag.</summary>
    public static JournalQuery Sql(ActorSystem system) => (tag, after, live) =>
        Source.FromTask(ReadJournal(system)).ConcatMany(journal => live
            ? journal.EventsByTag(tag, Offset.Sequence(Math.Max(after, 0)))
            : journal.CurrentEventsByTag(tag, Offset.Sequence(Math.Max(after, 0))));

    /// <summary>
    /// The read journal's constructor blocks its thread until the write journal has started, and
    /// throws after 5 s: on a busy node at start-up it did, in the constructor of an actor, which
    /// then could not start. It is made once per node, on a thread of its own, tried again quietly.
    /// </summary>
    private static Task<SqlReadJournal> ReadJournal(ActorSystem system)
    {
        var made = ReadJournals.GetValue(system, s => Task.Factory.StartNew(() =>
        {
            for (var attempt = 1; ; attempt++)
                try
                {
                    return PersistenceQuery.Get(s).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
                }
                catch (Exception) when (attempt < ReadJournalTries)
                {
                    // The write journal has not answered yet; the next try waits another 5 s.
                }
        }, TaskCreationOptions.LongRunning));
        // A read journal that could not be made is tried again by the next query.
        made.ContinueWith(_ => ReadJournals.Remove(system), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return made;
    }
}
