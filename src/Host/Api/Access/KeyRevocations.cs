using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LeverageActors.Host.Api.Access;

/// <summary>Starts this node's <see cref="KeyRevocationListener"/> with the API, once the actor system runs.</summary>
public sealed class KeyRevocations(IServiceProvider services, AccountKeys keys) : IHostedService
{
    private IActorRef? _listener;
    private ActorSystem? _system;

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
