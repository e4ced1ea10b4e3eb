using Akka;
using Akka.Persistence.Query;
using Akka.Streams.Dsl;
using Akka.Util;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// One live follower of a tag: joins the node's tail, reads from the table
/// (<see cref="IJournalTagTable.Read"/>) its events up to where the tail stood when it joined, then
/// takes the tail's events, skipping any it already has (it may have started ahead of the tail).
/// Let go by the tail, it joins again and reads from the table what it missed.
/// </summary>
internal sealed class LiveTagRead(IJournalTagTable table, JournalTail tail, string tag, long after)
{
    /// <summary>Every event of the tag up to here has been handed on.</summary>
    private long _position = after;

    private readonly Lock _gate = new();
    private JournalTailSubscription? _subscription;
    private volatile bool _closed;

    /// <summary>A live follower of <paramref name="tag"/> after <paramref name="after"/>, on the node's tail.</summary>
    public static Source<EventEnvelope, NotUsed> Events(IJournalTagTable table, Func<JournalTail> tail, string tag, long after) =>
        // Not Source.UnfoldResourceAsync: it carries the IO dispatcher, so Akka runs it as an island of its own that
        // reads a page ahead, and a read's failure may overtake the pages it has sent (dropped at the boundary, or still
        // on their way downstream when a recovery decides where to read again). Fused, a read fails only after
        // every earlier page has been handed on.
        Source.Lazily(() =>
            {
                var read = new LiveTagRead(table, tail(), tag, after);
                return Source.UnfoldAsync(read, async r => await r.Next() is { HasValue: true } page
                        ? Option<(LiveTagRead, IReadOnlyList<EventEnvelope>)>.Create((r, page.Value))
                        : Option<(LiveTagRead, IReadOnlyList<EventEnvelope>)>.None)
                    // The stream stopped however (end, failure, cancel): the tail keeps nothing more for it.
                    .WatchTermination((_, done) =>
                    {
                        done.ContinueWith(ended =>
                        {
                            // The stream's failure reaches its follower downstream; observed here, it is not reported again as unobserved.
                            ended.Exception?.Handle(failure => true);
                            return read.Close();
                        }, TaskScheduler.Default);
                        return NotUsed.Instance;
                    });
            })
            .MapMaterializedValue(_ => NotUsed.Instance)
            .SelectMany(page => page);

    public async Task<Option<IReadOnlyList<EventEnvelope>>> Next()
    {
        while (!_closed)
        {
            if (_subscription is null)
            {
                // Off the stream's thread: joining waits for the tail to finish handing out a page.
                await Task.Run(Join);
                continue;
            }

            if (_subscription.From > _position)
            {
                var until = _subscription.From;
                var (page, scanned) = await Task.Run(() => table.Read(tag, _position, until));
                _position = scanned;
                if (page.Count > 0)
                    return Option<IReadOnlyList<EventEnvelope>>.Create(page);
                continue;
            }

            var batch = await _subscription.Next(IJournalTagTable.Page);
            if (batch is null)
            {
                if (!_subscription.Overflowed)
                    break;
                // Let go by the tail: the events after the last one handed on are in the table.
                _subscription = null;
                continue;
            }

            var fresh = batch.FindAll(e => ((Sequence)e.Offset).Value > _position);
            if (fresh.Count == 0)
                continue;
            _position = ((Sequence)fresh[^1].Offset).Value;
            return Option<IReadOnlyList<EventEnvelope>>.Create(fresh);
        }

        return Option<IReadOnlyList<EventEnvelope>>.None;
    }

    /// <summary>The stream stopped, possibly while <see cref="Next"/> waits: the tail keeps nothing more for it.</summary>
    public Task<Done> Close()
    {
        JournalTailSubscription? joined;
        lock (_gate)
        {
            _closed = true;
            joined = _subscription;
        }

        // Off the stream's thread, as joining.
        return joined is null ? Task.FromResult(Done.Instance) : Task.Run(() =>
        {
            tail.Leave(joined);
            return Done.Instance;
        });
    }

    /// <summary>Joins the tail unless the stream has stopped meanwhile (a close then would not see the subscription).</summary>
    private void Join()
    {
        lock (_gate)
            if (!_closed)
                _subscription = tail.Join(tag);
    }
}
