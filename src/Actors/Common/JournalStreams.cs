using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace LeverageActors.Actors.Common;

/// <summary>Runs a tag query into an actor, each event and the end marked with the stream's id.</summary>
public static class JournalStreams
{
    public static void Follow(IActorContext context, string tag, Offset from, bool live, Guid stream, object onComplete)
    {
        var journal = PersistenceQuery.Get(context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var source = live ? journal.EventsByTag(tag, from) : journal.CurrentEventsByTag(tag, from);
        source.Select(e => (object)new StreamEvent(stream, e))
            .RunWith(Sink.ActorRef<object>(context.Self, onComplete, ex => new JournalStreamFailed(stream, ex)), context.Materializer());
    }
}
