using LeverageActors.Actors.Accounts;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Actors.Risk.Cross;

/// <summary>
/// The marks the cross-account watcher values accounts at: per market the latest oracle price (by its
/// number, so a late one never replaces a newer one) while it is fresh, and the pool's borrow and
/// funding indexes last heard of. A market without both is left out, as the API leaves it out of a command's marks:
/// an account is never valued at an old price.
/// </summary>
public sealed class CrossMarks(IReadOnlyDictionary<MarketId, TimeSpan> maxPriceAge)
{
    private readonly Dictionary<MarketId, PriceUpdated> _prices = new();
    private readonly Dictionary<MarketId, PoolStateResponse> _pools = new();
    private readonly Dictionary<MarketId, MarginInForce?> _actedMargins = new();

    /// <summary>Takes a price unless a newer one is known; false for an old one.</summary>
    public bool Take(PriceUpdated price)
    {
        if (_prices.TryGetValue(price.Market, out var known) && price.Sequence <= known.Sequence)
            return false;
        _prices[price.Market] = price;
        return true;
    }

    /// <summary>
    /// Whether a fresh <paramref name="price"/> holds cross positions to a higher rate than the last fresh
    /// one acted on: the requirement rose without a move, so no band was crossed, and every account must
    /// be valued again. Compared with the last fresh price, so a rise first heard on a stale one is not lost.
    /// </summary>
    public bool RaisesMargin(PriceUpdated price)
    {
        var known = _actedMargins.GetValueOrDefault(price.Market);
        _actedMargins[price.Market] = price.Margin;
        return price.Margin is { } now && (known is null || now.Liquidation > known.Liquidation || now.Initial > known.Initial);
    }

    /// <summary>The pool's indexes as of its latest answer; one that overtook a later one changes nothing.</summary>
    public void TakeIndex(PoolStateResponse pool)
    {
        if (!_pools.TryGetValue(pool.Market, out var known) || pool.At > known.At || pool.At == known.At && pool.BorrowIndex > known.BorrowIndex)
            _pools[pool.Market] = pool;
    }

    public bool IsFresh(PriceUpdated price, DateTimeOffset now) =>
        now - price.At <= maxPriceAge.GetValueOrDefault(price.Market, TimeSpan.Zero);

    /// <summary>The price a market's band is compared with now: its latest while fresh.</summary>
    public decimal? FreshPrice(MarketId market, DateTimeOffset now) =>
        _prices.TryGetValue(market, out var p) && IsFresh(p, now) ? p.Price : null;

    /// <summary>
    /// The markets whose fresh price came inside a circuit breaker's halt; null when none. The price's
    /// own halt, not the clock's: a wick accepted a second before the halt's end is as doubted after it,
    /// until a price accepted past the halt (which the breaker judges again) takes its place (a review).
    /// </summary>
    public IReadOnlyList<MarketId>? Halted(DateTimeOffset now)
    {
        List<MarketId>? halted = null;
        foreach (var p in _prices.Values)
            if (p.HaltedUntil is not null && IsFresh(p, now))
                (halted ??= []).Add(p.Market);
        return halted;
    }

    /// <summary>Every market with a fresh price and a known index, in the order of their ids.</summary>
    public IReadOnlyList<MarketMark> At(DateTimeOffset now) =>
    [
        .. _prices.Values
            .Where(p => IsFresh(p, now) && _pools.ContainsKey(p.Market))
            .OrderBy(p => p.Market.Value, StringComparer.Ordinal)
            .Select(p => new MarketMark(p.Market, p.Price, p.Sequence, _pools[p.Market].BorrowIndex)
            {
                Margin = p.Margin,
                Funding = CrossFunding.Of(_pools[p.Market]),
            }),
    ];
}
