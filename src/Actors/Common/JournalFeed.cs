using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using LeverageActors.Actors.Persistence;

namespace LeverageActors.Actors.Common;

/// <summary>
/// Runs one tag query into an actor through an acknowledging sink. A failing query is started
/// again after a growing pause (<see cref="DefaultBackoff"/>), from the offset after the last event
/// it delivered; only when the back-off gives up does the actor hear of it. The stream stops with
/// the node's other journal followers (<see cref="JournalFollowers"/>).
/// </summary>
public static class JournalFeed
{
    /// <summary>1 s doubling to 30 s; more than ten failures in five minutes is the actor's to handle.</summary>
    public static readonly RestartSettings DefaultBackoff =
        RestartSettings.Create(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2).WithMaxRestarts(10, TimeSpan.FromMinutes(5));

    /// <summary>The most events one message carries; a batch forms only while the actor is busy.</summary>
    public const int MaxBatch = 1_000;

    /// <summary>Batches read ahead of the actor.</summary>
    private const int AheadBatches = 4;

    /// <summary>Starts the feed unless the node is stopping; its messages go to <c>context.Self</c>.</summary>
    /// <param name="passUnreadable">
    /// Whether a row that cannot be decoded is passed over with a warning instead of failing the feed
    /// (which starts again at the same row, and after its back-off fails the actor): for a tag of
    /// which only the newest rows matter, such as a market's prices.
    /// </param>
    public static void Run(IActorContext context, JournalQuery query, string tag, long after, bool live, Guid feed, RestartSettings backoff,
        bool passUnreadable = false)
    {
        var followers = JournalFollowers.Get(context.System);
        if (followers.Stopping)
            return;
        if (passUnreadable)
            query = PassingUnreadable(query, Logging.GetLogger(context.System, typeof(JournalFeed)));
        var last = after;
        // Batched inside the restart: elements cross its boundary one actor message each.
        var batches = RestartSource.OnFailuresWithBackoff(() => query(tag, last, live)
            .Batch(MaxBatch, e => new List<EventEnvelope> { e }, (batch, e) =>
            {
                batch.Add(e);
                return batch;
            }), backoff);
        var (kill, done) = batches
            // The offset moves once a batch is out of the restart: a restarted query reads again what a failed one held back.
            .Select(batch =>
            {
                if (batch[^1].Offset is Sequence s)
                    last = s.Value;
                return batch;
            })
            .ViaMaterialized(KillSwitches.Single<List<EventEnvelope>>(), Keep.Right)
            // The query reads a few batches ahead while the actor folds.
            .Buffer(AheadBatches, OverflowStrategy.Backpressure)
            .Select(object (batch) => new JournalFeedEvents(feed, batch))
            .WatchTermination(Keep.Both)
            .ToMaterialized(Sink.ActorRefWithAck<object>(context.Self, new JournalFeedStarted(feed), JournalFeedAck.Instance,
                    new JournalFeedEnded(feed), cause => new JournalFeedFailed(feed, cause))
                .WithAttributes(Attributes.CreateInputBuffer(1, 1)), Keep.Left)
            .Run(context.Materializer());
        followers.Track(kill, done);
    }

    /// <summary><paramref name="query"/>, reading on after each row it cannot decode, with a warning that names the row.</summary>
    public static JournalQuery PassingUnreadable(JournalQuery query, ILoggingAdapter log) => (tag, after, live) =>
        query(tag, after, live).RecoverWithRetries(e =>
        {
            // A finite query's pages come from tasks: their failure arrives wrapped.
            if ((e is AggregateException { InnerExceptions.Count: 1 } one ? one.InnerException : e) is not UnreadableJournalRow unreadable)
                return null!;
            log.Warning("Passed over the journal's row #{0} ({1}) of tag {2}: it cannot be read ({3}); the audit names it",
                unreadable.Ordering, unreadable.PersistenceId, tag, unreadable.InnerException?.Message);
            // Never back before where this query started: the shared tail fails a follower that started ahead of it too.
            return query(tag, after == JournalQueries.FromNewest ? unreadable.Ordering : Math.Max(after, unreadable.Ordering), live);
        }, attempts: -1);
}
