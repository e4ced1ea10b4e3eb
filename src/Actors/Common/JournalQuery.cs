using Akka;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams.Dsl;

namespace LeverageActors.Actors.Common;

/// <summary>
/// A tag's events after an offset: only those already written (<paramref name="live"/> false, the
/// stream ends when it has caught up), or those and every later one.
/// </summary>
public delegate Source<EventEnvelope, NotUsed> JournalQuery(string tag, long after, bool live);

public static class JournalQueries
{
    /// <summary>The node's journal, through Akka.Persistence.Query: offsets are the journal's ordering, exclusive.</summary>
    public static JournalQuery Sql(ActorSystem system)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        return (tag, after, live) => live
            ? journal.EventsByTag(tag, Offset.Sequence(after))
            : journal.CurrentEventsByTag(tag, Offset.Sequence(after));
    }
}
