using Akka.Cluster.Sharding;
using LeverageActors.Actors.Common;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Actors.Pools;

/// <summary>Routes pool messages by market; the hash is stable across processes.</summary>
public sealed class PoolMessageExtractor() : HashCodeMessageExtractor(ShardCounts.Pools)
{
    public override string? EntityId(object message) => message is IWithMarketId m ? m.Market.Value : null;
}
