using LeverageActors.Actors.Markets;
using LeverageActors.Host.Api.Models;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Host.Api;

/// <summary>Markets as the API shows them: parameters beside the latest oracle price.</summary>
public sealed class MarketViews(MarketQuotes quotes, MarketCatalog catalog)
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
        return new MarketView(market, q.Price, q.PriceAt, q.Sequence, q.Stale, q.Halted, q.HaltedUntil, catalog.Find(market)!,
            q.Volatility is { } v ? MarketVolatilityView.Of(v) : null, q.Margin);
    }
}
