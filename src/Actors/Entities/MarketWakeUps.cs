using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Actors.Entities;

/// <summary>
/// Harmless queries that wake a market's pool or oracle through its region: the market watch wakes
/// the pools once its risk indexes have caught up and after a node is lost, each entity itself
/// while a saga of its own waits.
/// Their answers go nowhere.
/// </summary>
public static class MarketWakeUps
{
    public static GetPoolState Pool(MarketId market) => new(market, null, DateTimeOffset.MinValue) { AllProviders = false };

    public static GetOraclePrice Oracle(MarketId market) => new(market, DateTimeOffset.MinValue);
}
