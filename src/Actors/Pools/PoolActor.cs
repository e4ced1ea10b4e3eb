using LeverageActors.Actors.Common;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Actors.Pools;

/// <summary>The sharded entity <c>pool-{market}</c> around <see cref="PoolState"/>.</summary>
public sealed class PoolActor(MarketId market, MarketCatalog catalog, EntityRouter router)
    : EntityActor<PoolState, IPoolEvent>(PersistenceIds.Pool(market), PoolState.Initial(market, catalog.Find(market)), Tags, router)
{
    private static readonly ImmutableTags Tags = new("pool");

    protected override object KeepAlive => new GetPoolState(market, null, DateTimeOffset.MinValue);

    protected override Akka.Persistence.Journal.Tagged TagsOf(IPoolEvent evt) => Tags.Wrap(evt, ImmutableTags.Market(market));
}
