namespace LeverageActors.Host.Api.Feed;

/// <summary>
/// Caps the live feeds a node serves (each holds a subscriber and a buffer of its own), and those
/// one client holds: with the node's cap alone, one address opening every slot and reading only
/// the keep-alives turned every other client away for as long as it liked (a review).
/// </summary>
public sealed class FeedConnections(ApiSettings settings)
{
    private readonly Dictionary<string, int> _byClient = new();
    private int _open;

    public int Limit => settings.MaxFeedConnections;

    public int LimitPerClient => settings.MaxFeedConnectionsPerClient;

    /// <summary>Feeds being served now.</summary>
    public int Open
    {
        get
        {
            lock (_byClient)
                return _open;
        }
    }

    /// <summary>
    /// A slot for <paramref name="client"/> (its rate limit's partition) to dispose when the feed ends;
    /// null when the node or the client is at its limit (<paramref name="clientFull"/> says which).
    /// </summary>
    public IDisposable? TryOpen(string client, out bool clientFull)
    {
        lock (_byClient)
        {
            var held = _byClient.GetValueOrDefault(client);
            clientFull = held >= LimitPerClient;
            if (clientFull || _open >= Limit)
                return null;
            _byClient[client] = held + 1;
            _open++;
            return new Slot(this, client);
        }
    }

    private void Close(string client)
    {
        lock (_byClient)
        {
            _open--;
            if (--_byClient[client] == 0)
                _byClient.Remove(client);
        }
    }

    private sealed class Slot(FeedConnections owner, string client) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
                owner.Close(client);
        }
    }
}
