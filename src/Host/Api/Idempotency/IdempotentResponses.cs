using System.Collections.Concurrent;

namespace LeverageActors.Host.Api.Idempotency;

/// <summary>
/// The first answer to each idempotency key, kept for a day in memory so a retry gets it back
/// word for word; a retry racing the first request waits for that request's answer instead of
/// running beside it (and runs itself if that request ends without one, or with a refusal that
/// passes: <see cref="ApiAnswer.Final"/>). Money never depends on this cache: the key also fixes the request id the
/// entities deduplicate on, and they keep each request's terms, so after a restart or on another
/// node a retry is applied once and answered from the entity's state, and the key reused for other
/// terms is refused there too (<c>RequestIntent</c>).
/// </summary>
public sealed class IdempotentResponses(TimeProvider clock)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    public const int Capacity = 100_000;

    private sealed record Entry(string Fingerprint, TaskCompletionSource<ApiAnswer> Answer, DateTimeOffset At);

    private readonly ConcurrentDictionary<string, Entry> _entries = new();

    /// <summary>
    /// The answer for this key: computed now by <paramref name="act"/>, or the earlier one
    /// (<c>Replayed</c>); null when the key was first used for a different request.
    /// </summary>
    public async Task<(ApiAnswer? Answer, bool Replayed)> Run(string scope, string fingerprint, Func<Task<ApiAnswer>> act)
    {
        while (true)
        {
            if (_entries.Count >= Capacity)
                Evict();
            var now = clock.GetUtcNow();
            var claim = new Entry(fingerprint, new TaskCompletionSource<ApiAnswer>(TaskCreationOptions.RunContinuationsAsynchronously), now);
            var entry = _entries.GetOrAdd(scope, claim);
            if (entry != claim && entry.Answer.Task.IsCompleted && now - entry.At >= Retention
                && _entries.TryUpdate(scope, claim, entry))
                entry = claim;

            if (entry.Fingerprint != fingerprint)
                return (null, false);
            if (entry == claim)
                return (await Answer(scope, claim, act), false);
            // When the first request gave no answer (its caller hung up, it failed, or the entities did
            // not answer in time), that was its caller's outcome, not this one's: its claim is gone, so
            // this request claims the key anew.
            if (await Task.WhenAny(entry.Answer.Task) is { IsCompletedSuccessfully: true, Result.Final: true } answered)
                return (answered.Result, true);
        }
    }

    private async Task<ApiAnswer> Answer(string scope, Entry claim, Func<Task<ApiAnswer>> act)
    {
        try
        {
            var answer = await act();
            // A timeout or an outage is not an answer, nor a refusal for a state that passes (busy, held,
            // paused): the next retry must reach the entities again (gone before it is told, so a retry
            // waiting on it claims the key instead of finding it).
            if (!answer.Final)
                _entries.TryRemove(new KeyValuePair<string, Entry>(scope, claim));
            claim.Answer.SetResult(answer);
            return answer;
        }
        catch (Exception e)
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(scope, claim));
            claim.Answer.SetException(e);
            throw;
        }
    }

    /// <summary>Drops expired answers, then the oldest tenth if it is still full.</summary>
    private void Evict()
    {
        var now = clock.GetUtcNow();
        var done = _entries.Where(e => e.Value.Answer.Task.IsCompleted).ToList();
        foreach (var (scope, entry) in done.Where(e => now - e.Value.At >= Retention))
            _entries.TryRemove(new KeyValuePair<string, Entry>(scope, entry));
        if (_entries.Count < Capacity)
            return;
        foreach (var (scope, entry) in done.OrderBy(e => e.Value.At).Take(Capacity / 10))
            _entries.TryRemove(new KeyValuePair<string, Entry>(scope, entry));
    }
}
