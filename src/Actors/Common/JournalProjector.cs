using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace LeverageActors.Actors.Common;

/// <summary>
/// What every journal-following actor (risk index, liquidator, saga watchdog) does with its feeds:
/// starts them from the offset it needs, hands their events over in order, acknowledges each batch
/// once handled, remembers the highest offset handled, and tells a caught-up feed from a failed one.
/// A field of the actor rather than a base class, because the liquidator is a persistent actor and
/// the others are not: each actor sends it every <see cref="IJournalFeedMessage"/> it receives
/// (<see cref="Handle"/>). A new incarnation has a new projector, which ignores (but acknowledges,
/// so they drain) the feeds of the one before.
/// </summary>
/// <param name="rereadUnreadable">
/// Whether the actor starts again to read a row a feed could not decode once more: an actor that
/// reads the journal once at start (the saga watchdog) reads it at the next start instead.
/// </param>
public sealed class JournalProjector(IActorContext context, JournalQuery? query = null, RestartSettings? backoff = null, bool rereadUnreadable = true)
{
    private readonly Dictionary<Guid, Follower> _feeds = new();
    // Made at the first feed: an actor told its events directly (specs) needs no read journal.
    private JournalQuery? _query = query;
    private readonly RestartSettings _backoff = backoff ?? JournalFeed.DefaultBackoff;
    // Names this incarnation's RereadJournal: one scheduled by the incarnation before is not for it.
    private readonly Guid _incarnation = Guid.NewGuid();
    // The first row passed over, and the tag it was passed over in.
    private (long Ordering, string Tag)? _unreadable;

    /// <summary>How long after a row it could not decode the actor reads the journal again from before it.</summary>
    public const string RereadSetting = "leverage.journal.unreadable-reread-after";

    /// <summary>The highest journal offset handed to the actor by this incarnation.</summary>
    public long Offset { get; private set; }

    /// <summary>
    /// The first row a feed could not decode and passed over, if any: what the actor has not read.
    /// An actor that commits how far it has read (the liquidator) commits no further than before it.
    /// </summary>
    public long? FirstUnreadable { get; private set; }

    /// <summary>
    /// Follows <paramref name="tag"/> after <paramref name="after"/>. A finite feed
    /// (<paramref name="live"/> false) calls <paramref name="caughtUp"/> at its end; a live one
    /// that ends while the node runs fails the actor, as does a feed its back-off gave up on.
    /// Rows it cannot decode are passed over (<see cref="JournalFeed.Run"/>).
    /// </summary>
    public void Follow(string tag, long after, bool live, Action<EventEnvelope> onEvent, Action? caughtUp = null)
    {
        var feed = Guid.NewGuid();
        _feeds[feed] = new Follower(tag, live, onEvent, caughtUp, new HandedRows(after));
        JournalFeed.Run(context, _query ??= JournalQueries.For(context.System), tag, after, live, feed, _backoff);
    }

    public void Handle(IJournalFeedMessage message, IActorRef sender)
    {
        var known = _feeds.TryGetValue(message.Feed, out var follower);
        switch (message)
        {
            case JournalFeedStarted:
                sender.Tell(JournalFeedAck.Instance);
                break;
            case JournalFeedEvents batch:
                if (known)
                    HandOver(follower!, batch.Events);

                sender.Tell(JournalFeedAck.Instance);
                break;
            case JournalFeedEnded when known:
                _feeds.Remove(message.Feed);
                if (!follower!.Live)
                    follower.CaughtUp?.Invoke();
                else if (!JournalFollowers.Get(context.System).Stopping)
                    throw new InvalidOperationException($"The live journal feed of tag {follower.Tag} ended");
                break;
            case RereadJournal reread when reread.Feed == _incarnation:
                LookAgain();
                break;
            case UnreadableRowLooked { Now: UnreadableRowNow.Readable } looked when looked.Feed == _incarnation:
                // The actor starts again (its supervisor) and reads from before the row, whole again.
                throw new InvalidOperationException($"Row #{looked.Ordering}, which could not be decoded, reads now: reading the journal again from before it");
            case UnreadableRowLooked { Now: UnreadableRowNow.Gone } looked when looked.Feed == _incarnation:
                _unreadable = null;
                FirstUnreadable = null;
                break;
            case UnreadableRowLooked looked when looked.Feed == _incarnation:
                ScheduleLook();
                break;
            case JournalFeedFailed failed when known:
                _feeds.Remove(message.Feed);
                // A stream cut because the node or the actor stops leaves no one who should act on it.
                if (!JournalFollowers.Get(context.System).Stopping && failed.Cause is not (AbruptStageTerminationException or AbruptTerminationException))
                    throw new InvalidOperationException($"The journal feed of tag {follower!.Tag} failed", failed.Cause);
                break;
        }
    }

    private void HandOver(Follower follower, IReadOnlyList<EventEnvelope> events)
    {
        var (repeated, first, after) = (0, 0L, 0L);
        foreach (var e in events)
        {
            if (e.Event is UnreadableRow unreadable)
            {
                Unreadable(unreadable, follower.Tag);
                continue;
            }

            if (e.Offset is Sequence s)
            {
                if (!follower.Handed.Passes(s.Value))
                {
                    if (repeated++ == 0)
                        (first, after) = (s.Value, follower.Handed.Last);
                    continue;
                }

                Offset = Math.Max(Offset, s.Value);
            }

            follower.OnEvent(e);
        }

        if (repeated > 0)
            Repeated(follower, repeated, first, after);
    }

    /// <summary>
    /// Notes the first row passed over and, for an actor that keeps following, looks at it again
    /// later: only once it reads does the actor start again. Starting again on a row that stays
    /// unreadable would refold a market every time, never caught up on a large one.
    /// </summary>
    private void Unreadable(UnreadableRow row, string tag)
    {
        var first = _unreadable is null;
        if (_unreadable is not { } known || row.Ordering < known.Ordering)
            _unreadable = (row.Ordering, tag);
        FirstUnreadable = _unreadable.Value.Ordering;
        if (first && rereadUnreadable)
            ScheduleLook();
    }

    private void ScheduleLook()
    {
        var after = context.System.Settings.Config.GetTimeSpan(RereadSetting, TimeSpan.FromMinutes(1), allowInfinite: false);
        context.System.Scheduler.ScheduleTellOnce(after, context.Self, new RereadJournal(_incarnation), ActorRefs.NoSender);
    }

    /// <summary>Reads the row's tag from just before it, one row: the row itself, decoded or not, or a later one when it is gone.</summary>
    private void LookAgain()
    {
        if (_unreadable is not var (ordering, tag))
            return;
        var incarnation = _incarnation;
        (_query ??= JournalQueries.For(context.System))(tag, ordering - 1, false)
            .Take(1)
            .RunWith(Sink.FirstOrDefault<EventEnvelope>(), context.Materializer())
            .ContinueWith(t => new UnreadableRowLooked(incarnation, ordering, t switch
            {
                { IsCompletedSuccessfully: true, Result: { Offset: Sequence s } } when s.Value == ordering => UnreadableRowNow.Readable,
                { IsCompletedSuccessfully: true } => UnreadableRowNow.Gone,
                // Still unreadable, or the journal did not answer: looked at again later.
                _ => UnreadableRowNow.Unreadable,
            }), TaskScheduler.Default)
            .PipeTo(context.Self);
    }

    /// <summary>Rows handed over again are folded once; the warning shows that a query repeats itself.</summary>
    private void Repeated(Follower follower, int rows, long first, long last) =>
        Logging.GetLogger(context.System, typeof(JournalProjector))
            .Warning("The journal feed of tag {0} handed on {1} rows again, from row #{2}, after row #{3}; passed over", follower.Tag, rows, first, last);

    private sealed record Follower(string Tag, bool Live, Action<EventEnvelope> OnEvent, Action? CaughtUp, HandedRows Handed);
}
