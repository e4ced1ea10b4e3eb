using LeverageActors.Actors.Common;
using Akka.Cluster.Sharding;
using LeverageActors.Messages.Accounts;

namespace LeverageActors.Actors.Accounts;

/// <summary>Routes account messages by account id; the hash is stable across processes.</summary>
public sealed class AccountMessageExtractor() : HashCodeMessageExtractor(ShardCounts.Accounts)
{
    public override string? EntityId(object message) => message is IWithAccountId m ? m.AccountId.Value : null;
}
