using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace LeverageActors.Actors.Common;

/// <summary>Runs a tag query into an actor, each event and the end marked with the stream's id.</summary>
public static class JournalStreams
{
    /// <summary>
    /// Events go to the caller as <see cref="StreamEvent"/>s, then <paramref name="onComplete"/> or a
    /// <see cref="JournalStreamFailed"/>. A stream stopped because the node stops, or cut because
    /// its actor stopped, tells nobody: there is no one left who should act on it.
    /// </summary>
    public static void Follow(IActorContext context, string tag, Offset from, bool live, Guid stream, object onComplete)
    {
        var followers = JournalFollowers.Get(context.System);
        if (followers.Stopping)
            return;
        var owner = context.Self;
        var journal = PersistenceQuery.Get(context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var source = live ? journal.EventsByTag(tag, from) : journal.CurrentEventsByTag(tag, from);
        var (kill, done) = source.Select(e => (object)new StreamEvent(stream, e))
            .ViaMaterialized(KillSwitches.Single<object>(), Keep.Right)
            .ToMaterialized(Sink.ForEach<object>(e => owner.Tell(e)), Keep.Both)
            .Run(context.Materializer());
        followers.Track(kill, done);
        done.ContinueWith(ended =>
        {
            if (followers.Stopping)
                return;
            if (ended.Exception?.GetBaseException() is { } cause)
            {
                if (cause is not (AbruptStageTerminationException or AbruptTerminationException))
                    owner.Tell(new JournalStreamFailed(stream, cause));
                return;
            }

            owner.Tell(onComplete);
        }, TaskScheduler.Default);
    }
}
