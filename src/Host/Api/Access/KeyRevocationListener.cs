using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using LeverageActors.Messages.Accounts;

namespace LeverageActors.Host.Api.Access;

/// <summary>This node's ear for revocations persisted anywhere in the cluster: each one ends the trust its API gave the account's keys.</summary>
public sealed class KeyRevocationListener : ReceiveActor
{
    public KeyRevocationListener(AccountKeys keys)
    {
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(ApiKeysRevokedNotice.Topic, Self));
        Receive<SubscribeAck>(_ => { });
        Receive<ApiKeysRevokedNotice>(notice => keys.Forget(notice.AccountId));
    }
}
