using System.Collections.Concurrent;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Host.Api.Access;

/// <summary>
/// The key hashes a node has verified, each with its account, for a while: a key revoked through
/// another node is refused here once its verification is older than <paramref name="lifetime"/>
/// (this node's own revocations forget the account's keys at once). Bounded: accounts cost nothing
/// to open, so one caller opening and using accounts in a loop would otherwise grow it without end.
/// Once full it starts afresh; a key it forgot is verified again, one round trip to its account.
/// </summary>
public sealed class VerifiedKeys(TimeSpan lifetime, int capacity = VerifiedKeys.DefaultCapacity)
{
    public const int DefaultCapacity = 100_000;

    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (AccountId Account, DateTimeOffset Until)> _verified = new();

    public int Count => _verified.Count;

    public bool Knows(string hash, AccountId account, DateTimeOffset now) =>
        _verified.TryGetValue(hash, out var known) && known.Account == account && now < known.Until;

    public void Remember(string hash, AccountId account, DateTimeOffset now)
    {
        if (_verified.Count >= capacity)
            _verified.Clear();
        _verified[hash] = (account, now + lifetime);
    }

    /// <summary>Every key of the account: the next call with any of them asks the account again.</summary>
    public void Forget(AccountId account)
    {
        foreach (var (hash, known) in _verified)
            if (known.Account == account)
                _verified.TryRemove(hash, out _);
    }
}
