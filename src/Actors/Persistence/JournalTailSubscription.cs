using System.Threading.Channels;
using Akka.Persistence.Query;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// One follower's share of the node's <see cref="JournalTail"/>: every event of its tag with
/// an ordering above <see cref="From"/>, in journal order, held up to a bound. A follower that falls
/// that far behind is let go (<see cref="Overflowed"/>) and reads its tag from the table until it
/// has caught up again, so a slow follower never holds up the others nor fills the node's memory.
/// </summary>
internal sealed class JournalTailSubscription(string tag, long from, int capacity)
{
    private readonly Channel<EventEnvelope> _events = Channel.CreateBounded<EventEnvelope>(
        new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    public string Tag { get; } = tag;

    /// <summary>The tail's position when the follower joined: everything after it comes through here.</summary>
    public long From { get; } = from;

    /// <summary>The follower fell more than the bound behind and was let go; nothing after its last event was lost, only not sent.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Hands over an event; false when the follower is that far behind and has been let go.</summary>
    public bool Offer(EventEnvelope e)
    {
        if (_events.Writer.TryWrite(e))
            return true;
        Overflowed = true;
        _events.Writer.TryComplete();
        return false;
    }

    /// <summary>No more events: the follower left or the node stops (<paramref name="failure"/> null), or the tail failed.</summary>
    public void End(Exception? failure = null) => _events.Writer.TryComplete(failure);

    /// <summary>
    /// The events that came since the last call, up to <paramref name="max"/>, waiting for the first;
    /// null once the subscription has ended and everything it held was taken. Throws the tail's failure.
    /// </summary>
    public async Task<List<EventEnvelope>?> Next(int max)
    {
        if (!await _events.Reader.WaitToReadAsync())
            return null;
        var batch = new List<EventEnvelope>();
        while (batch.Count < max && _events.Reader.TryRead(out var e))
            batch.Add(e);
        return batch;
    }
}
