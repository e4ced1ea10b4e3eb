using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LeverageActors.Host.Api.Access;

/// <summary>
/// The cluster's word on revoked keys: starts this node's <see cref="KeyRevocationListener"/> with the
/// API, once the actor system runs, and announces a revocation asked through this node.
/// </summary>
public sealed class KeyRevocations(IServiceProvider services, AccountKeys keys) : IHostedService
{
    private IActorRef? _listener;
    private ActorSystem? _system;

    /// <summary>
    /// Forgets the account's keys here and tells every node to: for a revocation whose answer never
    /// came. The account announces what it persisted, but not a write that succeeded and was reported
    /// failed (the entity stopped before it could, and a retry persists nothing new to announce).
    /// </summary>
    public void Announce(AccountId account)
    {
        keys.Forget(account);
        if (_system is { } system)
            DistributedPubSub.Get(system).Mediator.Tell(new Publish(ApiKeysRevokedNotice.Topic, new ApiKeysRevokedNotice(account)));
    }

    /// <summary>Runs after the actor system's own hosted service (registered before this one) has started it.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _system = services.GetRequiredService<ActorSystem>();
        _listener = _system.ActorOf(Props.Create(() => new KeyRevocationListener(keys)), "api-key-revocations");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_listener is not null)
            _system?.Stop(_listener);
        return Task.CompletedTask;
    }
}
