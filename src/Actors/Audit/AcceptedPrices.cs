using LeverageActors.Actors.Oracles;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// Every price the oracles accepted, as the audit reads them from the journal: by market and
/// number, and by market and value, so a price any event acted on can be traced to the oracle.
/// </summary>
public sealed class AcceptedPrices
{
    private readonly Dictionary<(MarketId, long), PriceAccepted> _byNumber = new();
    private readonly Dictionary<(MarketId, decimal), List<DateTimeOffset>> _byValue = new();

    public void Record(PriceAccepted accepted)
    {
        _byNumber[(accepted.Market, accepted.Sequence)] = accepted;
        if (!_byValue.TryGetValue((accepted.Market, accepted.Price), out var times))
            _byValue[(accepted.Market, accepted.Price)] = times = [];
        times.Add(accepted.At);
    }

    public PriceAccepted? Number(MarketId market, long sequence) => _byNumber.GetValueOrDefault((market, sequence));

    /// <summary>
    /// Whether the oracle accepted <paramref name="price"/> before <paramref name="at"/> (give or take
    /// the clock skew between nodes) and no longer than <paramref name="maxAge"/> before it.
    /// </summary>
    public bool Proves(MarketId market, decimal price, DateTimeOffset at, TimeSpan maxAge)
    {
        if (!_byValue.TryGetValue((market, price), out var times))
            return false;
        // An oracle writes its prices in time order: the latest acceptance not after the limit.
        var limit = at + OracleRules.MaxClockSkew;
        var found = times.BinarySearch(limit);
        var index = found >= 0 ? found : ~found - 1;
        while (index + 1 < times.Count && times[index + 1] <= limit)
            index++;
        return index >= 0 && at - times[index] <= maxAge;
    }
}
