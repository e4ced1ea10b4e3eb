using LeverageActors.Actors.Common;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Metrics;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Actors.Pools;

/// <summary>The sharded entity <c>pool-{market}</c> around <see cref="PoolState"/>.</summary>
public sealed class PoolActor(MarketId market, MarketCatalog catalog, EntityRouter router)
    : EntityActor<PoolState, IPoolEvent>(PersistenceIds.Pool(market), PoolState.Initial(market, catalog.Find(market)), Tags, router)
{
    private static readonly ImmutableTags Tags = new("pool");

    private readonly TradingMetrics _metrics = NodeMetrics.For(Context.System).Trading;

    protected override object KeepAlive => MarketWakeUps.Pool(market);

    protected override Akka.Persistence.Journal.Tagged TagsOf(IPoolEvent evt) => Tags.Wrap(evt, ImmutableTags.Market(market));

    /// <summary>Bad debt is counted where it is booked: the pool's settlement, once per settlement.</summary>
    protected override void OnPersisted(IPoolEvent evt, PoolState before, PoolState after)
    {
        if (evt is PositionSettled settled)
            _metrics.BadDebt(settled.Market, settled.Settlement.BadDebt);
    }
}
