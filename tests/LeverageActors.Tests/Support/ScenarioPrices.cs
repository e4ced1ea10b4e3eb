using LeverageActors.Messages.Ids;

namespace LeverageActors.Tests.Support;

/// <summary>
/// The prices a scenario puts into the commands it sends, set by hand. Entities never ask for a
/// price: it arrives in the command, so replay is exact. (The node's own prices come from its oracles.)
/// </summary>
public sealed class ScenarioPrices
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<MarketId, (decimal Price, DateTimeOffset At)> _latest = new();

    public (decimal Price, DateTimeOffset At)? Latest(MarketId market) =>
        _latest.TryGetValue(market, out var quote) ? quote : null;

    public void Set(MarketId market, decimal price, DateTimeOffset at)
    {
        if (price <= 0)
            throw new ArgumentOutOfRangeException(nameof(price), price, "A price must be positive");
        _latest[market] = (price, at);
    }
}
