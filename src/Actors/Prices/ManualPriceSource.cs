using System.Collections.Concurrent;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Prices;

/// <summary>Prices set by hand: by tests and scenarios, and by the node until oracles feed it.</summary>
public sealed class ManualPriceSource : IPriceSource
{
    private readonly ConcurrentDictionary<MarketId, PriceQuote> _latest = new();

    public PriceQuote? Latest(MarketId market) => _latest.GetValueOrDefault(market);

    public void Set(MarketId market, decimal price, DateTimeOffset at)
    {
        if (price <= 0)
            throw new ArgumentOutOfRangeException(nameof(price), price, "A price must be positive");
        _latest[market] = new PriceQuote(market, price, at);
    }
}
