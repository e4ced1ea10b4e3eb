using Akka.Cluster.Sharding;
using LeverageActors.Actors.Common;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions;

/// <summary>Routes position messages by position id; the hash is stable across processes.</summary>
public sealed class PositionMessageExtractor() : HashCodeMessageExtractor(ShardCounts.Positions)
{
    public override string? EntityId(object message) => message is IWithPositionId m ? m.PositionId.Value : null;
}
