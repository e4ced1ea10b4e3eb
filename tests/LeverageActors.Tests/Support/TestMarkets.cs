using LeverageActors.Actors.Markets;

namespace LeverageActors.Tests.Support;

/// <summary>Market catalogs for stories that need a rule out of the way to reach the one they test.</summary>
public static class TestMarkets
{
    /// <summary>
    /// The default markets with the pool-share cap on open interest (issue 18) lifted: a story about
    /// another rule (share-price rounding, interest at high utilization) opens on one side more than
    /// half of a thin pool to reach it, and still proves that rule on its own.
    /// </summary>
    public static MarketCatalog WithoutPoolOpenInterestShare { get; } = new(
        MarketCatalog.Default.Markets.ToDictionary(kv => kv.Key, kv => kv.Value with { PoolOpenInterestShare = 1_000_000m }));
}
