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
/// <param name="readsLate">
/// Whether a row passed over that reads again is handed to the actor late, out of order, instead
/// of starting the actor again: for an actor whose handling does not depend on the order of its
/// rows and that keeps the rows passed over itself (the liquidator, <see cref="PassedOver"/>).
/// </param>
public sealed class JournalProjector(
    IActorContext context, JournalQuery? query = null, RestartSettings? backoff = null, bool rereadUnreadable = true, bool readsLate = false)
{
    private readonly Dictionary<Guid, Follower> _feeds = new();
    // Made at the first feed: an actor told its events directly (specs) needs no read journal.
    private JournalQuery? _query = query;
    private readonly RestartSettings _backoff = backoff ?? JournalFeed.DefaultBackoff;
    // Names this incarnation's RereadJournal: one scheduled by the incarnation before is not for it.
    private readonly Guid _incarnation = Guid.NewGuid();
    // The rows passed over, each with the tag it was passed over in; and the last one looked at.
    private readonly SortedDictionary<long, string> _unreadable = new();
    private long _lastLooked;
    private IMaterializer? _lookMaterializer;

    /// <summary>The most rows passed over read again at each look, in turns.</summary>
    public const int LooksAtOnce = 100;

    /// <summary>How long after a row it could not decode the actor reads the journal again from before it.</summary>
    public const string RereadSetting = "leverage.journal.unreadable-reread-after";

    /// <summary>The highest journal offset handed to the actor by this incarnation.</summary>
    public long Offset { get; private set; }

    /// <summary>
    /// The first row a feed could not decode and passed over, if any: what the actor has not read.
    /// An actor that commits how far it has read (the liquidator) commits no further than before it.
    /// </summary>
    public long? FirstUnreadable { get; private set; }

    /// <summary>The rows passed over and not read since, in order.</summary>
    public IReadOnlyCollection<long> PassedOver => _unreadable.Keys;

    /// <summary>
    /// A row an earlier incarnation passed over (and kept, as the liquidator does): looked at again as
    /// if this one had passed over it, in <paramref name="tag"/>.
    /// </summary>
    public void PassedOverBefore(long ordering, string tag) => Unreadable(new UnreadableRow(ordering, "", "passed over before"), tag);

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
            case UnreadableRowsLooked { Readable: not null } looked when looked.Feed == _incarnation && readsLate:
                ReadLate(looked.Rows);
                break;
            case UnreadableRowsLooked { Readable: { } readable } looked when looked.Feed == _incarnation:
                // The actor starts again (its supervisor) and reads from before the row, whole again.
                throw new InvalidOperationException($"Row #{readable}, which could not be decoded, reads now: reading the journal again from before it");
            case UnreadableRowsLooked looked when looked.Feed == _incarnation:
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
    /// Notes a row passed over and, for an actor that keeps following, looks at the rows passed over
    /// again later: only once one reads does the actor start again. Starting again on a row that
    /// stays unreadable would refold a market every time, never caught up on a large one.
    /// </summary>
    private void Unreadable(UnreadableRow row, string tag)
    {
        var first = _unreadable.Count == 0;
        _unreadable.TryAdd(row.Ordering, tag);
        FirstUnreadable = _unreadable.Keys.First();
        if (first && rereadUnreadable)
            ScheduleLook();
    }

    /// <summary>
    /// Hands each row that reads again to the live follower of its tag and forgets it; a row whose
    /// tag no follower follows now stays passed over, looked at again later.
    /// </summary>
    private void ReadLate(IReadOnlyList<(string Tag, EventEnvelope Row)> rows)
    {
        foreach (var (tag, row) in rows)
        {
            if (row.Offset is not Sequence s || _feeds.Values.FirstOrDefault(f => f.Live && f.Tag == tag) is not { } follower)
                continue;
            _unreadable.Remove(s.Value);
            follower.OnEvent(row);
        }

        FirstUnreadable = _unreadable.Count == 0 ? null : _unreadable.Keys.First();
        if (_unreadable.Count > 0)
            ScheduleLook();
    }

    private void ScheduleLook()
    {
        var after = context.System.Settings.Config.GetTimeSpan(RereadSetting, TimeSpan.FromMinutes(1), allowInfinite: false);
        context.System.Scheduler.ScheduleTellOnce(after, context.Self, new RereadJournal(_incarnation), ActorRefs.NoSender);
    }

    /// <summary>
    /// Reads each row passed over (up to <see cref="LooksAtOnce"/>, in turns) from its tag, one row
    /// from just before it: the row itself decoded, or not. A row its tag no longer shows (an index
    /// entry deleted for the look) is taken as still unreadable, never as gone: rows are never
    /// deleted. Not while a feed is catching up: starting again in the middle would never let a
    /// large market catch up against a forger who garbles a row for each catch-up.
    /// </summary>
    private void LookAgain()
    {
        if (_unreadable.Count == 0 || JournalFollowers.Get(context.System).Stopping)
            return;
        if (_feeds.Values.Any(f => !f.Live))
        {
            ScheduleLook();
            return;
        }

        var rows = _unreadable.Where(r => r.Key > _lastLooked).Concat(_unreadable.Where(r => r.Key <= _lastLooked)).Take(LooksAtOnce).ToList();
        _lastLooked = rows[^1].Key;
        var incarnation = _incarnation;
        var query = _query ??= JournalQueries.For(context.System);
        // One for all looks: a materializer is a child actor of the follower, stopped only with it, so one a look would pile up.
        var materializer = _lookMaterializer ??= context.Materializer();
        var looks = rows.Select(r => query(r.Value, r.Key - 1, false).Take(1).RunWith(Sink.FirstOrDefault<EventEnvelope>(), materializer)
            .ContinueWith(t => t is { IsCompletedSuccessfully: true, Result: { Offset: Sequence s } row } && s.Value == r.Key ? (r.Value, row) : default,
                TaskScheduler.Default));
        Task.WhenAll(looks)
            .ContinueWith(t =>
            {
                var read = t.Result.Where(r => r.row is not null).ToList();
                return new UnreadableRowsLooked(incarnation, read.Count == 0 ? null : ((Sequence)read[0].row.Offset).Value) { Rows = read };
            }, TaskScheduler.Default)
            .PipeTo(context.Self);
    }

    /// <summary>Rows handed over again are folded once; the warning shows that a query repeats itself.</summary>
    private void Repeated(Follower follower, int rows, long first, long last) =>
        Logging.GetLogger(context.System, typeof(JournalProjector))
            .Warning("The journal feed of tag {0} handed on {1} rows again, from row #{2}, after row #{3}; passed over", follower.Tag, rows, first, last);

    private sealed record Follower(string Tag, bool Live, Action<EventEnvelope> OnEvent, Action? CaughtUp, HandedRows Handed);
}
