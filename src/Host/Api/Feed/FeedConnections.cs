namespace LeverageActors.Host.Api.Feed;

/// <summary>Caps the live feeds a node serves: each holds a subscriber and a buffer of its own.</summary>
public sealed class FeedConnections(ApiSettings settings)
{
    private int _open;

    public int Limit => settings.MaxFeedConnections;

    /// <summary>Feeds being served now (a refused one counts for an instant while it is turned away).</summary>
    public int Open => Math.Min(Volatile.Read(ref _open), Limit);

    /// <summary>A slot to dispose when the feed ends, or null when the node is at its limit.</summary>
    public IDisposable? TryOpen()
    {
        if (Interlocked.Increment(ref _open) <= Limit)
            return new Slot(this);
        Interlocked.Decrement(ref _open);
        return null;
    }

    private sealed class Slot(FeedConnections owner) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
                Interlocked.Decrement(ref owner._open);
        }
    }
}
