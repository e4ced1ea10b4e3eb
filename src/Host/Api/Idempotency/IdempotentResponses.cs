using System.Collections.Concurrent;

namespace LeverageActors.Host.Api.Idempotency;

/// <summary>
/// The first answer to each idempotency key, kept for a day in memory so a retry gets it back
/// word for word. Money never depends on this cache: the key also fixes the request id the
/// entities deduplicate on, so after a restart a retry is applied once all the same and answered
/// from the entity's state.
/// </summary>
public sealed class IdempotentResponses(TimeProvider clock)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    public const int Capacity = 100_000;

    public sealed record Entry(string Fingerprint, ApiAnswer Answer, DateTimeOffset At);

    private readonly ConcurrentDictionary<string, Entry> _entries = new();

    public Entry? Find(string scope) =>
        _entries.TryGetValue(scope, out var entry) && clock.GetUtcNow() - entry.At < Retention ? entry : null;

    public void Keep(string scope, string fingerprint, ApiAnswer answer)
    {
        if (_entries.Count >= Capacity)
            Evict();
        _entries.TryAdd(scope, new Entry(fingerprint, answer, clock.GetUtcNow()));
    }

    /// <summary>Drops expired entries, then the oldest tenth if it is still full.</summary>
    private void Evict()
    {
        var now = clock.GetUtcNow();
        foreach (var (scope, entry) in _entries)
            if (now - entry.At >= Retention)
                _entries.TryRemove(scope, out _);
        if (_entries.Count < Capacity)
            return;
        foreach (var (scope, _) in _entries.OrderBy(e => e.Value.At).Take(Capacity / 10).ToList())
            _entries.TryRemove(scope, out _);
    }
}
