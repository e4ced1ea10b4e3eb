using LeverageActors.Actors.Markets;
using LeverageActors.Host.Api.Models;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Host.Api;

/// <summary>Markets as the API shows them: parameters beside the latest oracle price (and, with price impact on, the pool's skew and impact pool).</summary>
public sealed class MarketViews(MarketQuotes quotes, MarketCatalog catalog, TradingGateway gateway)
{
    public async Task<IReadOnlyList<MarketView>> All(CancellationToken token)
    {
        var views = new List<MarketView>();
        foreach (var market in catalog.Markets.Keys.OrderBy(m => m.Value, StringComparer.Ordinal))
            views.Add(await One(market, token));
        return views;
    }

    public async Task<MarketView> One(MarketId market, CancellationToken token)
    {
        var q = await quotes.Quote(market, token);
        var parameters = catalog.Find(market)!;
        return new MarketView(market, q.Price, q.PriceAt, q.Sequence, q.Stale, q.Halted, q.HaltedUntil, parameters,
            q.Volatility is { } v ? MarketVolatilityView.Of(v) : null, q.Margin)
        {
            Impact = parameters.HasImpact() ? await ImpactOf(market, token) : null,
        };
    }

    private async Task<MarketImpactView?> ImpactOf(MarketId market, CancellationToken token) =>
        await gateway.Ask(new GetPoolState(market, null, gateway.Now) { AllProviders = false }, token) is PoolStateResponse pool
            ? new MarketImpactView(pool.LongOpenInterest, pool.ShortOpenInterest, pool.Skew, pool.ImpactPool)
            : null;
}
