using Akka.Cluster.Sharding;

namespace LeverageActors.Actors.Entities;

/// <summary>
/// Routes a kind's messages by the id its routing marker carries, to one of the kind's fixed number
/// of shards; the hash is stable across processes.
/// </summary>
public sealed class EntityMessageExtractor(EntityKind kind) : HashCodeMessageExtractor(kind.ShardCount)
{
    public override string? EntityId(object message) => kind.EntityIdOf(message);
}
