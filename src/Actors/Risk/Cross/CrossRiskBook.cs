using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Risk.Cross;

/// <summary>
/// Every watched cross account's bands, ordered per market by each edge, so that a tick of any
/// market finds exactly the accounts whose band in that market it reached in O(log N + k), and a
/// tick inside everyone's band touches no row. An account reached by a tick is checked at all its
/// markets' prices and refreshed (<see cref="Refresh"/>), which re-centres all its bands: so while
/// an account is not reached, every price it is exposed to is inside its band and its surplus is
/// not negative (<see cref="CrossBands"/>).
/// </summary>
public sealed class CrossRiskBook
{
    private readonly Dictionary<AccountId, CrossBand[]> _bands = new();
    private readonly Dictionary<MarketId, CrossEdges> _markets = new();

    public int Count => _bands.Count;

    public IReadOnlyList<CrossBand> BandsOf(AccountId account) => _bands.GetValueOrDefault(account) ?? [];

    /// <summary>Replaces the account's bands; true when it has no surplus left and must be checked now.</summary>
    public bool Refresh(CrossExposure exposure)
    {
        Remove(exposure.Account);
        var bands = CrossBands.Of(exposure).ToArray();
        if (bands.Length > 0)
        {
            _bands[exposure.Account] = bands;
            foreach (var band in bands)
                EdgesOf(band.Market).Add(exposure.Account, band);
        }

        return exposure.Surplus <= 0;
    }

    public void Remove(AccountId account)
    {
        if (!_bands.Remove(account, out var old))
            return;
        foreach (var band in old)
            _markets[band.Market].Remove(account, band);
    }

    /// <summary>The accounts whose band in <paramref name="market"/> the price has reached, each once.</summary>
    public IReadOnlyList<AccountId> Crossed(MarketId market, decimal price) =>
        _markets.TryGetValue(market, out var edges) ? edges.Reached(price) : [];

    private CrossEdges EdgesOf(MarketId market)
    {
        if (!_markets.TryGetValue(market, out var edges))
            _markets[market] = edges = new CrossEdges();
        return edges;
    }
}
