using Akka.Cluster.Sharding;
using LeverageActors.Actors.Common;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Oracles;

public sealed class OracleMessageExtractor() : HashCodeMessageExtractor(ShardCounts.Pools)
{
    public override string? EntityId(object message) => message is IWithOracleMarket m ? m.Market.Value : null;
}
