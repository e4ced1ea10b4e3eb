using Akka.Actor;
using Akka.Cluster.Sharding;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Markets;
using LeverageActors.Tests.Support;
using Xunit.Abstractions;

namespace LeverageActors.Tests.Entities;

/// <summary>
/// A market's pool and oracle stay awake: never passivated, and the pool woken by the market watch
/// once its risk indexes have caught up, so its recovery of a long history runs as the node starts
/// and not at the first liquidation.
/// </summary>
public class AwakeMarketsSpecs(ITestOutputHelper output) : NodeSpec(output)
{
    [Fact]
    public async Task Every_market_has_its_pool_awake_before_anyone_asks_for_it()
    {
        var markets = MarketCatalog.Default.Markets.Keys.Select(m => m.Value).ToHashSet();

        await Eventually.Holds("every market's pool awake", async () => markets.IsSubsetOf(await Awake(Node.Pools)));

        // Only the pools are woken: no position was asked for, and the oracles wait for their feed.
        Assert.Empty(await Awake(Node.Positions));
        Assert.Empty(await Awake(Node.Oracles));
    }

    [Fact]
    public void Pools_and_oracles_are_never_passivated_and_the_other_kinds_passivate_as_configured()
    {
        Assert.False(TradingWiring.ShardOptionsOf(EntityKinds.Pool).ShouldPassivateIdleEntities);
        Assert.False(TradingWiring.ShardOptionsOf(EntityKinds.Oracle).ShouldPassivateIdleEntities);
        foreach (var kind in new EntityKind[] { EntityKinds.Position, EntityKinds.Account, EntityKinds.Asset })
            Assert.Null(TradingWiring.ShardOptionsOf(kind).ShouldPassivateIdleEntities);
    }

    private static async Task<HashSet<string>> Awake(IActorRef region)
    {
        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TestNode.Timeout);
        return state.Shards.SelectMany(s => s.EntityIds).ToHashSet();
    }
}
