using System.Collections.Concurrent;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Host.Api.Access;

/// <summary>
/// The key hashes a node has verified, each with its account, for a while: a key revoked through
/// another node is refused here once its verification is older than <paramref name="lifetime"/>.
/// This node's own revocations end every remembered key of the account at once, and a verification
/// that was in flight across one is not remembered (each account's revocations are counted, and a
/// key is remembered with the count it was asked under). Bounded: accounts cost nothing to open, so
/// one caller opening and using accounts in a loop would otherwise grow it without end. Once full it
/// starts afresh; a key it forgot is verified again, one round trip to its account.
/// </summary>
public sealed class VerifiedKeys(TimeSpan lifetime, int capacity = VerifiedKeys.DefaultCapacity)
{
    public const int DefaultCapacity = 100_000;

    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private Dictionary<string, (AccountId Account, DateTimeOffset Until, long Revocations)> _verified = new();
    private Dictionary<AccountId, long> _revocations = new();

    /// <summary>Counts only ever grow within one table: starting afresh drops the keys with them, or an old count could match again.</summary>
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
    public (long Epoch, long Revocations) Before(AccountId account)
    {
        lock (_gate)
            return (_epoch, _revocations.GetValueOrDefault(account));
    }

    public bool Knows(string hash, AccountId account, DateTimeOffset now)
    {
        lock (_gate)
            return _verified.TryGetValue(hash, out var known) && known.Account == account && now < known.Until
                   && known.Revocations == _revocations.GetValueOrDefault(account);
    }

    /// <summary>Remembers a key the account said is valid, unless the account revoked keys through this node since it was asked.</summary>
    public void Remember(string hash, AccountId account, DateTimeOffset now, (long Epoch, long Revocations) asked)
    {
        lock (_gate)
        {
            if (asked.Epoch != _epoch || asked.Revocations != _revocations.GetValueOrDefault(account))
                return;
            if (_verified.Count >= capacity || _revocations.Count >= capacity)
                StartAfresh();
            // The count now, not the one asked under (equal until a start afresh): a count from the table
            // before would be matched again by a later revocation's (review of ab26508).
            _verified[hash] = (account, now + lifetime, _revocations.GetValueOrDefault(account));
        }
    }

    /// <summary>Every key of the account, remembered or being verified: the next call with any of them asks the account again.</summary>
    public void Forget(AccountId account)
    {
        lock (_gate)
        {
            if (_revocations.Count >= capacity)
                StartAfresh();
            _revocations[account] = _revocations.GetValueOrDefault(account) + 1;
        }
    }

    private void StartAfresh()
    {
        _verified = new();
        _revocations = new();
        _epoch++;
    }
}
