using Akka.Actor;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Oracles;

/// <summary>
/// The requests waiting for a market's next price (next-price execution), in memory only: each is
/// answered by the first accepted price numbered after the one in force when it arrived and made of a
/// quorum of reports that came after it, and of no recent one from before it (<see cref="OracleRules.AllAfter"/>), or refused
/// at its deadline. A waiter lost with its oracle was never executed and its caller got no success,
/// so nothing about it needs to survive a restart.
/// </summary>
public sealed class NextPriceWaiters
{
    private readonly Dictionary<long, Waiter> _waiting = new();
    private long _next;

    public int Count => _waiting.Count;

    /// <summary>
    /// Notes a request made when the latest price was number <paramref name="sequence"/>, to be answered
    /// by a price a quorum of whose reports came after price number <paramref name="reportsAfter"/>
    /// (<see cref="OracleState.ReportsAfter"/>); returns its key for the deadline.
    /// </summary>
    public long Add(AwaitNextPrice request, long sequence, long reportsAfter, IActorRef caller)
    {
        var key = ++_next;
        _waiting[key] = new Waiter(request, sequence, Math.Max(sequence, reportsAfter), caller);
        return key;
    }

    /// <summary>A request made when the latest price was number <paramref name="sequence"/>, and no report since it.</summary>
    public long Add(AwaitNextPrice request, long sequence, IActorRef caller) => Add(request, sequence, sequence, caller);

    /// <summary>
    /// Answers every request made before price number <paramref name="accepted"/>.Sequence: with the
    /// price, or, when it came after the request's deadline, with a refusal (the caller already
    /// answered its client <c>stale-price</c>). Returns the keys answered, to cancel their deadlines.
    /// First come, first answered: the requests that waited longest for this price start their
    /// execution first (a dictionary enumerates reused slots in no such order).
    /// </summary>
    /// <param name="agreeing">The reports the price is the median of, when known: a quorum and a majority of them, and every recent one, must have been observed at or after the request (<see cref="OracleRules.AllObservedSince"/>; not every recent one for a price that records no <see cref="PriceAccepted.AllAfter"/>).</param>
    /// <param name="quorum">The oracle's quorum.</param>
    /// <param name="haltedUntil">The halt in force with the price, its own trip included (<see cref="NextPrice.HaltedUntil"/>).</param>
    public IReadOnlyList<long> Answer(PriceAccepted accepted, MarginInForce? margin, IReadOnlyList<PriceReported>? agreeing = null, int quorum = 1,
        DateTimeOffset? haltedUntil = null)
    {
        var answered = new List<long>();
        foreach (var (key, waiter) in _waiting.OrderBy(w => w.Key))
        {
            // Made of reports mostly from before the request, the price was known to whoever watched the sources.
            if (waiter.Sequence >= accepted.Sequence || accepted.NextAfter is { } since && since < waiter.ReportsAfter
                || agreeing is not null && !(accepted.AllAfter is null
                    ? OracleRules.ObservedSince(agreeing, quorum, waiter.Request.At)
                    : OracleRules.AllObservedSince(agreeing, quorum, accepted.At, waiter.Request.At)))
                continue;
            waiter.Caller.Tell(accepted.At > waiter.Request.Deadline
                ? Missed(waiter)
                : new NextPrice(accepted.Market, accepted.Price, accepted.Sequence, accepted.At, waiter.Sequence, waiter.Request.At, margin)
                {
                    HaltedUntil = haltedUntil,
                });
            answered.Add(key);
        }

        foreach (var key in answered)
            _waiting.Remove(key);
        return answered;
    }

    /// <summary>The deadline of request <paramref name="key"/> passed with no price after it.</summary>
    public void Expire(long key)
    {
        if (_waiting.Remove(key, out var waiter))
            waiter.Caller.Tell(Missed(waiter));
    }

    private static NextPriceMissed Missed(Waiter waiter) => new(waiter.Request.Market, waiter.Sequence, waiter.Request.Deadline);

    private sealed record Waiter(AwaitNextPrice Request, long Sequence, long ReportsAfter, IActorRef Caller);
}
