using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// The node's one reader of new journal rows, for all its live followers (each market's risk
/// index and deleverager, the liquidators, the cross watch): every new row is read once and
/// decoded once, however many followers want it, and handed to the followers of its tags. Each
/// follower polling the table for its own tag read every new row once per follower (a LIKE over
/// its tags) and decoded a market's rows once for the risk index and again for the deleverager:
/// the cost of an idle node grew with every market it served (docs/BENCHMARKS.md, "What the
/// journal's followers cost"). Its <see cref="IJournalTailSource"/> reads only rows no earlier
/// row can still appear before: on SQLite every committed row (one writer), on PostgreSQL the rows
/// up to the first gap that a write still in flight may fill.
/// </summary>
internal sealed class JournalTail
{
    /// <summary>Rows one statement reads; a full page is followed at once by the next.</summary>
    private const int Page = 1_000;

    /// <summary>Events a follower may be behind before it is let go to read the table itself (<see cref="JournalTailSubscription.Overflowed"/>).</summary>
    public const string CapacitySetting = "leverage.journal.tail-capacity";

    /// <summary>Reads of new rows that fail in a row before the followers hear of it.</summary>
    private const int FailuresBeforeFollowersFail = 3;

    private static readonly ConditionalWeakTable<ActorSystem, JournalTail> Tails = new();

    private readonly IJournalTailSource _source;
    private readonly StoredEventCodec _codec;
    private readonly TimeSpan _refresh;
    private readonly int _capacity;
    private readonly ILoggingAdapter _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly Lock _starting = new();
    private readonly Dictionary<string, List<JournalTailSubscription>> _followers = new();
    private long _position = -1;
    private Task? _following;

    internal JournalTail(ActorSystem system, IJournalTailSource source, StoredEventCodec codec, TimeSpan refresh, int capacity)
    {
        _source = source;
        _codec = codec;
        _refresh = refresh;
        _capacity = capacity;
        _log = Logging.GetLogger(system, typeof(JournalTail));
        // Before the system counts as terminated, not after: a test (or an operator's tool) that
        // removes the journal once the node has stopped must not meet one more read recreating the file.
        try
        {
            system.RegisterOnTermination(Stop);
        }
        catch (InvalidOperationException)
        {
            Stop();
        }
    }

    /// <summary>The node's tail, made at its first follower.</summary>
    public static JournalTail Of(ActorSystem system, Func<IJournalTailSource> source, StoredEventCodec codec, TimeSpan refresh) =>
        Tails.GetValue(system, s => new JournalTail(s, source(), codec, refresh, Math.Max(1, s.Settings.Config.GetInt(CapacitySetting, 10_000))));

    /// <summary>
    /// A follower of <paramref name="tag"/> from the tail's current position on; its events up to
    /// that position are the follower's to read from the table. The first follower starts the tail.
    /// </summary>
    public JournalTailSubscription Join(string tag)
    {
        EnsureStarted();
        lock (_gate)
        {
            var subscription = new JournalTailSubscription(tag, _position, _capacity);
            if (_stop.IsCancellationRequested)
                subscription.End();
            else
                FollowersOf(tag).Add(subscription);
            return subscription;
        }
    }

    /// <summary>Where the tail stands: every row up to it is visible and none missing below it can still appear. A catch-up query reads up to here.</summary>
    public long Position()
    {
        EnsureStarted();
        return Volatile.Read(ref _position);
    }

    private void EnsureStarted()
    {
        if (Volatile.Read(ref _position) >= 0)
            return;
        lock (_starting)
        {
            if (Volatile.Read(ref _position) >= 0)
                return;
            // Outside the followers' lock: on PostgreSQL the start waits for the writes in flight, and leaving must not wait for that.
            var start = _source.Start(_stop.Token);
            lock (_gate)
            {
                _position = start;
                if (!_stop.IsCancellationRequested)
                    _following = Task.Run(Follow);
            }
        }
    }

    /// <summary>The follower stopped: nothing more is kept for it.</summary>
    public void Leave(JournalTailSubscription subscription)
    {
        lock (_gate)
        {
            if (_followers.TryGetValue(subscription.Tag, out var followers))
                followers.Remove(subscription);
        }

        subscription.End();
    }

    private List<JournalTailSubscription> FollowersOf(string tag)
    {
        if (!_followers.TryGetValue(tag, out var followers))
            _followers[tag] = followers = [];
        return followers;
    }

    private async Task Follow()
    {
        var failures = 0;
        while (!_stop.IsCancellationRequested)
        {
            var read = 0;
            try
            {
                var rows = _source.ReadAfter(Volatile.Read(ref _position), Page);
                read = rows.Count;
                Hand(rows);
                failures = 0;
            }
            catch (Exception e)
            {
                if (_stop.IsCancellationRequested)
                    break;
                // A read that fails now and then (a busy file) is tried again at the next turn; one that
                // keeps failing fails every follower's feed, which starts again after its back-off.
                if (++failures == FailuresBeforeFollowersFail)
                    _log.Warning(e, "Reading the journal's new rows failed {0} times in a row; {1} followers start again", failures, Fail(e));
            }

            if (read < Page)
                try
                {
                    await Task.Delay(_refresh, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    // The node stops.
                }
        }
    }

    /// <summary>Hands each row to its tags' followers, decoded once if any follower wants it.</summary>
    private void Hand(List<(long Ordering, StoredEvent Row)> rows)
    {
        lock (_gate)
        {
            foreach (var (ordering, row) in rows)
            {
                _position = ordering;
                var tags = JournalRows.Tags(row);
                EventEnvelope? envelope = null;
                foreach (var tag in tags)
                {
                    if (!_followers.TryGetValue(tag, out var followers) || followers.Count == 0)
                        continue;
                    try
                    {
                        envelope ??= JournalRows.Envelope(_codec, ordering, row, tags);
                    }
                    catch (Exception e)
                    {
                        // A row that cannot be read (edited in the database) fails its tags' followers
                        // as their own reads of the table would; the others read on.
                        foreach (var follower in followers)
                            follower.End(e);
                        followers.Clear();
                        continue;
                    }

                    // A follower too far behind is let go; it reads the table from its last event.
                    followers.RemoveAll(follower => !follower.Offer(envelope) && LetGo(follower));
                }
            }
        }
    }

    private bool LetGo(JournalTailSubscription follower)
    {
        _log.Info("A follower of tag {0} fell {1} events behind the journal; it reads the table until it catches up", follower.Tag, _capacity);
        return true;
    }

    private int Fail(Exception e)
    {
        lock (_gate)
        {
            var failed = _followers.Values.SelectMany(f => f).ToList();
            _followers.Clear();
            foreach (var follower in failed)
                follower.End(e);
            return failed.Count;
        }
    }

    private void Stop()
    {
        Task? following;
        lock (_gate)
        {
            _stop.Cancel();
            foreach (var follower in _followers.Values.SelectMany(f => f))
                follower.End();
            _followers.Clear();
            following = _following;
        }

        // A read in progress finishes (a statement, milliseconds); none starts after this.
        following?.Wait(TimeSpan.FromSeconds(10));
    }
}
