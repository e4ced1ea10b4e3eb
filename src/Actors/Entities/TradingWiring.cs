using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Risk;
using LeverageActors.Actors.Risk.Cross;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Entities;

/// <summary>Registry keys of the shard regions.</summary>
public sealed class AccountRegion;

public sealed class PositionRegion;

public sealed class PoolRegion;

public sealed class OracleRegion;

public sealed class AssetRegion;

/// <summary>Registry key of the proxy to the market-watch singleton (risk indexes, liquidators, saga watchdog).</summary>
public sealed class MarketWatchProxy;

public static class TradingWiring
{
    /// <summary>The sharded entities, a region per row of <see cref="EntityKinds"/>, each able to reach the others.</summary>
    public static AkkaConfigurationBuilder AddTradingEntities(this AkkaConfigurationBuilder builder, MarketCatalog catalog)
    {
        foreach (var kind in EntityKinds.All)
            builder = kind.StartRegion(builder, catalog, ShardOptionsOf(kind));
        return builder;
    }

    /// <summary>The region's options: idle entities passivate after the configured time, except a kind that stays awake.</summary>
    public static ShardOptions ShardOptionsOf(EntityKind kind) => new()
    {
        StateStoreMode = StateStoreMode.DData,
        RememberEntities = false,
        HandOffStopMessage = new StopEntity(),
        ShouldPassivateIdleEntities = kind.StaysAwake ? false : null,
    };

    /// <summary>
    /// Risk indexes, liquidators, the saga watchdog and (with cross margin on) the cross-account watcher, in one singleton that survives the loss of its
    /// node. Their clock (the time liquidations and interest refreshes are stamped with) is the
    /// node's <see cref="TimeProvider"/> service, the system clock unless a test registers its own.
    /// </summary>
    public static AkkaConfigurationBuilder AddMarketWatch(
        this AkkaConfigurationBuilder builder, MarketCatalog catalog, AccountId liquidator, CrossWatchSettings? crossWatch = null)
    {
        var cross = crossWatch ?? CrossWatchSettings.Off;
        return builder.WithSingleton<MarketWatchProxy>("market-watch",
            (_, registry, resolver) => Props.Create(() => new MarketWatch(catalog, EntityRouter.From(registry),
                registry.Get<PositionRegion>(), registry.Get<AccountRegion>(), registry.Get<OracleRegion>(), liquidator,
                resolver.GetService<TimeProvider>() ?? TimeProvider.System, cross, registry.Get<PoolRegion>())),
            new ClusterSingletonOptions(), createProxyToo: true);
    }
}
