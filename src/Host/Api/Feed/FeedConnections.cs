namespace LeverageActors.Host.Api.Feed;

/// <summary>
/// Caps the live feeds a node serves (each holds a subscriber and a buffer of its own), and those
/// one client holds: with the node's cap alone, one address opening every slot and reading only
/// the keep-alives turned every other client away for as long as it liked (a review). A client at
/// its own cap whose oldest feed has run a minute ends that one (<see cref="Slot.Ended"/>), so a
/// browser whose dropped connections the server still counts is not locked out (its review); a
/// younger one is kept and the new feed refused, so feeds sharing an address cannot knock each
/// other off in turn every few seconds (the review after). The node's cap refuses.
/// </summary>
public sealed class FeedConnections(ApiSettings settings, TimeProvider clock)
{
    /// <summary>How long a feed runs before a newer one of the same client may end it.</summary>
    public static readonly TimeSpan Settled = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, LinkedList<Slot>> _byClient = new();
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
    /// A slot for <paramref name="client"/> (its rate limit's partition) to dispose when the feed ends,
    /// ending the client's oldest feed when it holds its share already and that one has run a minute;
    /// null when the node is at its limit, or the client is and its feeds are younger
    /// (<paramref name="clientFull"/> says which).
    /// </summary>
    public Slot? TryOpen(string client, out bool clientFull)
    {
        var now = clock.GetUtcNow();
        Slot? ended = null;
        Slot opened;
        lock (_byClient)
        {
            if (!_byClient.TryGetValue(client, out var held))
                _byClient[client] = held = new LinkedList<Slot>();
            clientFull = held.Count >= LimitPerClient;
            if (clientFull && now - held.First!.Value.OpenedAt >= Settled)
            {
                ended = held.First.Value;
                held.RemoveFirst();
                _open--;
                clientFull = false;
            }
            else if (clientFull || _open >= Limit)
            {
                if (held.Count == 0)
                    _byClient.Remove(client);
                return null;
            }

            opened = new Slot(this, client, now);
            opened.Node = held.AddLast(opened);
            _open++;
        }

        try
        {
            ended?.End();
        }
        catch (AggregateException)
        {
            // A callback of the ended feed failed as it stopped: it is over all the same, and this one is counted and served.
        }

        return opened;
    }

    private void Close(Slot slot)
    {
        lock (_byClient)
        {
            if (slot.Node?.List is not { } held)
                return;
            held.Remove(slot.Node);
            _open--;
            if (held.Count == 0)
                _byClient.Remove(slot.Client);
        }
    }

    /// <summary>One feed's place; disposing it frees the place.</summary>
    public sealed class Slot(FeedConnections owner, string client, DateTimeOffset openedAt) : IDisposable
    {
        private readonly CancellationTokenSource _ended = new();
        private readonly Lock _gate = new();
        private bool _disposed;

        internal string Client => client;

        internal DateTimeOffset OpenedAt => openedAt;

        internal LinkedListNode<Slot>? Node { get; set; }

        /// <summary>Cancelled when a newer feed of the same client took this one's place.</summary>
        public CancellationToken Ended => _ended.Token;

        internal void End()
        {
            lock (_gate)
                if (!_disposed)
                    _ended.Cancel();
        }

        public void Dispose()
        {
            owner.Close(this);
            lock (_gate)
            {
                if (_disposed)
                    return;
                _disposed = true;
                _ended.Dispose();
            }
        }
    }
}
