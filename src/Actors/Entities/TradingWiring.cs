using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using LeverageActors.Actors.Accounts;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Oracles;
using LeverageActors.Actors.Pools;
using LeverageActors.Actors.Risk;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Entities;

/// <summary>Registry keys of the shard regions.</summary>
public sealed class AccountRegion;

public sealed class PositionRegion;

public sealed class PoolRegion;

public sealed class OracleRegion;

/// <summary>Registry key of the proxy to the market-watch singleton (risk indexes, liquidators, saga watchdog).</summary>
public sealed class MarketWatchProxy;

public static class TradingWiring
{
    public const string AccountTypeName = "account";
    public const string PositionTypeName = "position";
    public const string PoolTypeName = "pool";
    public const string OracleTypeName = "oracle";

    /// <summary>The sharded entities: the three that hold money and the oracles, each able to reach the others.</summary>
    public static AkkaConfigurationBuilder AddTradingEntities(this AkkaConfigurationBuilder builder, MarketCatalog catalog)
    {
        var options = new ShardOptions
        {
            StateStoreMode = StateStoreMode.DData,
            RememberEntities = false,
            HandOffStopMessage = new StopEntity(),
        };

        return builder
            .WithShardRegion<AccountRegion>(AccountTypeName,
                (_, registry) => id => EntityProps.Of(() => new AccountActor(AccountId.From(id), Router(registry))),
                new AccountMessageExtractor(), options)
            .WithShardRegion<PositionRegion>(PositionTypeName,
                (_, registry) => id => EntityProps.Of(() => new PositionActor(PositionId.From(id), catalog, Router(registry))),
                new PositionMessageExtractor(), options)
            .WithShardRegion<PoolRegion>(PoolTypeName,
                (_, registry) => id => EntityProps.Of(() => new PoolActor(MarketId.From(id), catalog, Router(registry))),
                new PoolMessageExtractor(), options)
            .WithShardRegion<OracleRegion>(OracleTypeName,
                (_, registry) => id => EntityProps.Of(() => new OracleActor(MarketId.From(id), catalog.Oracle(MarketId.From(id)), Router(registry))),
                new OracleMessageExtractor(), options);
    }

    /// <summary>
    /// Risk indexes, liquidators and the saga watchdog, in one singleton that survives the loss of its
    /// node. Their clock (the time liquidations and interest refreshes are stamped with) is the
    /// node's <see cref="TimeProvider"/> service, the system clock unless a test registers its own.
    /// </summary>
    public static AkkaConfigurationBuilder AddMarketWatch(this AkkaConfigurationBuilder builder, MarketCatalog catalog, AccountId liquidator) =>
        builder.WithSingleton<MarketWatchProxy>("market-watch",
            (_, registry, resolver) => Props.Create(() => new MarketWatch(catalog, Router(registry),
                registry.Get<PositionRegion>(), registry.Get<AccountRegion>(), registry.Get<OracleRegion>(), liquidator,
                resolver.GetService<TimeProvider>() ?? TimeProvider.System)),
            new ClusterSingletonOptions(), createProxyToo: true);

    // Resolved when an entity starts, by which time every region is registered.
    private static EntityRouter Router(IActorRegistry registry) =>
        new(registry.Get<AccountRegion>(), registry.Get<PositionRegion>(), registry.Get<PoolRegion>(), registry.Get<OracleRegion>());
}
