using Akka;
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

    /// <summary>
    /// Starts the feed unless the node is stopping; its messages go to <c>context.Self</c>. A row that
    /// cannot be decoded (edited in the database) is passed over with a warning, an <see cref="UnreadableRow"/>
    /// in its place: failing on it would start the feed again at the same row and, once the back-off
    /// gave up, the actor, for ever, so one edited row would stop a market's liquidations. Its entity
    /// cannot recover from it either; every other entity stays followed, and the actor reads the
    /// journal again from before the row once it reads (<see cref="JournalProjector"/>), so a row
    /// garbled for a moment is read once it is whole. The audit names the row.
    /// </summary>
    public static void Run(IActorContext context, JournalQuery query, string tag, long after, bool live, Guid feed, RestartSettings backoff)
    {
        var followers = JournalFollowers.Get(context.System);
        if (followers.Stopping)
            return;
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
        // Each run of the source counts its own rows: one built once and run twice would otherwise pass over the first run's.
        Source.Lazily(() => PassingUnreadable(query, log, tag, after, live)).MapMaterializedValue(_ => NotUsed.Instance);

    private static Source<EventEnvelope, NotUsed> PassingUnreadable(JournalQuery query, ILoggingAdapter log, string tag, long after, bool live)
    {
        // The last row handed on. A stream that fails may drop rows it held before the unreadable one
        // (seen in CI before the live query was fused with its stream), so they are read again from
        // here; and once rows came twice, so none at or before it is handed on again.
        var handed = new HandedRows(after);
        var passedOver = false;
        return query(tag, after, live)
            .RecoverWithRetries(e =>
            {
                // A finite query's pages come from tasks: their failure arrives wrapped.
                if (Unwrapped(e) is not UnreadableJournalRow unreadable)
                    return null!;
                passedOver = true;
                log.Warning("Passed over the journal's row #{0} ({1}) of tag {2}: it cannot be read ({3}); the audit names it",
                    unreadable.Ordering, unreadable.PersistenceId, tag, unreadable.InnerException?.Message);
                var at = unreadable.Ordering;
                // In the row's place, so its follower knows what it has not read (JournalProjector).
                var marker = Source.Single(new EventEnvelope(Offset.Sequence(at), unreadable.PersistenceId, 0,
                    new UnreadableRow(at, unreadable.PersistenceId, unreadable.InnerException?.Message ?? unreadable.Message), 0, []));
                // Never back before where this query started: the shared tail fails a follower that started ahead of it too.
                Source<EventEnvelope, NotUsed> Onward() =>
                    marker.Concat(query(tag, handed.Last == JournalQueries.FromNewest ? at : Math.Max(handed.Last, at), live));
                // Nothing can lie between the last row handed on and the unreadable one right after it.
                if (handed.Last == JournalQueries.FromNewest || handed.Last >= at - 1)
                    return Onward();
                // The rows between the last handed on and the unreadable one, read to it once more, then on after it.
                return query(tag, handed.Last, false)
                    .RecoverWithRetries(again => Unwrapped(again) is UnreadableJournalRow { Ordering: var same } && same == at
                        ? Source.Empty<EventEnvelope>()
                        : null!, attempts: 1)
                    .TakeWhile(e => ((Sequence)e.Offset).Value < at)
                    .Concat(Source.Lazily(Onward).MapMaterializedValue(_ => NotUsed.Instance));
            }, attempts: -1)
            // Until a row is passed over, a row repeated is the follower's to notice (JournalProjector warns of it).
            .Where(e => handed.Passes(((Sequence)e.Offset).Value) || !passedOver);
    }

    private static Exception Unwrapped(Exception e) => e is AggregateException { InnerExceptions.Count: 1 } one ? one.InnerException! : e;
}
