using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using LeverageActors.Actors.Entities;
using LeverageActors.Host.Node;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LeverageActors.Tests.Support;

/// <summary>
/// A whole node in the test process, wired exactly as the executable wires it (same
/// <see cref="NodeWiring.AddLeverageNode(IServiceCollection, NodeSettings)"/>), on a free port.
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    private readonly IHost _host;

    private TestNode(IHost host, ActorSystem system, IActorRef accounts, IActorRef positions, IActorRef pools)
    {
        _host = host;
        System = system;
        Accounts = accounts;
        Positions = positions;
        Pools = pools;
    }

    public ActorSystem System { get; }

    public IActorRef Accounts { get; }

    public IActorRef Positions { get; }

    public IActorRef Pools { get; }

    public static TestNode Start(TestDatabase database) =>
        StartAsync(database).GetAwaiter().GetResult();

    public static async Task<TestNode> StartAsync(TestDatabase database)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(
            new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddLogging();
        builder.Services.AddLeverageNode(new NodeSettings
        {
            SystemName = "leverage",
            Port = 0,
            ConnectionString = database.ConnectionString,
            PricePath = null,
        }, akka => akka.AddHocon(
            // First messages wait for the shard coordinator and table creation; a busy CI machine is slow.
            "akka.test.single-expect-default = 10s", HoconAddMode.Prepend));

        var host = builder.Build();
        await host.StartAsync();
        var system = host.Services.GetRequiredService<ActorSystem>();

        var up = new TaskCompletionSource();
        Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var registry = ActorRegistry.For(system);
        return new TestNode(host, system,
            await registry.GetAsync<AccountRegion>(), await registry.GetAsync<PositionRegion>(), await registry.GetAsync<PoolRegion>());
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
