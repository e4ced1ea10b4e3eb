using LeverageActors.Messages.Ids;

namespace LeverageActors.Host.Api.Access;

/// <summary>
/// The key hashes a node has verified, each with its account, for a while: a key revoked where this
/// node heard nothing of it is refused here once its verification is older than <paramref name="lifetime"/>.
/// A revocation heard (through this node, or the account's notice) ends every remembered key of the
/// account at once, and a verification that was in flight across one is not remembered: revocations
/// are numbered, and a key is remembered with the number it was asked under. Bounded: accounts cost
/// nothing to open, so one caller opening and using accounts in a loop would otherwise grow it
/// without end. Revocations older than the lifetime are dropped first (every key remembered before
/// one has expired by then); once full regardless, it starts afresh, and a key it forgot is verified
/// again, one round trip to its account.
/// </summary>
public sealed class VerifiedKeys(TimeSpan lifetime, int capacity = VerifiedKeys.DefaultCapacity)
{
    public const int DefaultCapacity = 100_000;

    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private Dictionary<string, (AccountId Account, DateTimeOffset Until, long Number)> _verified = new();
    /// <summary>Each account's latest revocation heard, by its number (when it was heard is in <see cref="_heard"/>).</summary>
    private Dictionary<AccountId, long> _revoked = new();

    /// <summary>The revocations in the order heard, so dropping the expired ones costs only them; at most twice the table.</summary>
    private Queue<(AccountId Account, long Number, DateTimeOffset At)> _heard = new();

    /// <summary>The number of the latest revocation heard: only ever grows, so no number is matched twice.</summary>
    private long _number;

    /// <summary>The newest revocation dropped: a verification asked before it is not remembered, as the drop lost whose it was.</summary>
    private long _droppedThrough;

    /// <summary>Starting afresh drops the revocations: a verification asked before it is not remembered either.</summary>
    private long _epoch;

    public int Count
    {
        get
        {
            lock (_gate)
                return _verified.Count;
        }
    }

    /// <summary>What a verification about to be asked of the account is remembered under (<see cref="Remember"/>).</summary>
    public (long Epoch, long Number) Before(AccountId account)
    {
        lock (_gate)
            return (_epoch, _number);
    }

    public bool Knows(string hash, AccountId account, DateTimeOffset now)
    {
        lock (_gate)
            // Remembered before a revocation dropped: expired by then on a clock that never steps back; refused on one that did.
            return _verified.TryGetValue(hash, out var known) && known.Account == account && now < known.Until
                   && known.Number >= _droppedThrough && !RevokedSince(account, known.Number);
    }

    /// <summary>Remembers a key the account said is valid, unless a revocation of the account's keys was heard since it was asked.</summary>
    public void Remember(string hash, AccountId account, DateTimeOffset now, (long Epoch, long Number) asked)
    {
        lock (_gate)
        {
            if (asked.Epoch != _epoch || asked.Number < _droppedThrough || RevokedSince(account, asked.Number))
                return;
            if (_verified.Count >= capacity)
                StartAfresh();
            _verified[hash] = (account, now + lifetime, _number);
        }
    }

    /// <summary>Every key of the account, remembered or being verified: the next call with any of them asks the account again.</summary>
    public void Forget(AccountId account, DateTimeOffset now)
    {
        lock (_gate)
        {
            DropExpired(now);
            // Twice the table: compacted down to at most the table, the next compaction is a table's revocations away.
            if (_heard.Count >= 2 * capacity)
                Compact();
            if (_revoked.Count >= capacity)
                StartAfresh();
            _revoked[account] = ++_number;
            _heard.Enqueue((account, _number, now));
        }
    }

    private bool RevokedSince(AccountId account, long number) =>
        _revoked.TryGetValue(account, out var revoked) && revoked > number;

    /// <summary>
    /// Revocations heard more than a lifetime ago guard nothing remembered: a key remembered before
    /// one expired within a lifetime of it (and <see cref="Knows"/> refuses such a key regardless). A
    /// flood of revocations (every node hears every account's) thus costs the keys of others nothing
    /// unless a whole table of them comes within one lifetime.
    /// </summary>
    private void DropExpired(DateTimeOffset now)
    {
        while (_heard.TryPeek(out var oldest) && oldest.At + lifetime <= now)
        {
            _heard.Dequeue();
            // A later revocation of the same account replaced this one in the table: it stays.
            if (_revoked.TryGetValue(oldest.Account, out var current) && current == oldest.Number)
                _revoked.Remove(oldest.Account);
            _droppedThrough = oldest.Number;
        }
    }

    /// <summary>
    /// The queue less the entries a later revocation of the same account replaced: one account revoked
    /// in a loop (each request is heard up to twice) fills it without growing the table, and starting
    /// afresh on that would make every account's keys be verified again (review of c34d38c).
    /// </summary>
    private void Compact() =>
        _heard = new(_heard.Where(h => _revoked.TryGetValue(h.Account, out var current) && current == h.Number));

    private void StartAfresh()
    {
        _verified = new();
        _revoked = new();
        _heard = new();
        _epoch++;
    }
}
