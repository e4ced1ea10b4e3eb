using System.Collections.Concurrent;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Host.Api.Access;

/// <summary>
/// The key hashes a node has verified, each with its account. Bounded: accounts cost nothing to
/// open, so one caller opening and using accounts in a loop would otherwise grow it without end.
/// Once full it starts afresh; a key it forgot is verified again, one round trip to its account.
/// </summary>
public sealed class VerifiedKeys(int capacity = VerifiedKeys.DefaultCapacity)
{
    public const int DefaultCapacity = 100_000;

    private readonly ConcurrentDictionary<string, AccountId> _verified = new();

    public int Count => _verified.Count;

    public bool Knows(string hash, AccountId account) => _verified.TryGetValue(hash, out var known) && known == account;

    public void Remember(string hash, AccountId account)
    {
        if (_verified.Count >= capacity)
            _verified.Clear();
        _verified[hash] = account;
    }
}
