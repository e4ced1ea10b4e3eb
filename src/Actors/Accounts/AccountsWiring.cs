using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Accounts;

/// <summary>Registry key of the account shard region.</summary>
public sealed class AccountRegion;

public static class AccountsWiring
{
    public const string TypeName = "account";

    public static AkkaConfigurationBuilder AddAccountSharding(this AkkaConfigurationBuilder builder) =>
        builder.WithShardRegion<AccountRegion>(
            TypeName,
            entityId => Props.Create(() => new AccountActor(AccountId.From(entityId))),
            new AccountMessageExtractor(),
            new ShardOptions { StateStoreMode = StateStoreMode.DData, RememberEntities = false });
}
