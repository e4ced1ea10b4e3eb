using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Integrity;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Persistence;
using LeverageActors.Host.Node;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LeverageActors.Tests.Support;

/// <summary>
/// A whole node in the test process, wired exactly as the executable wires it (same
/// <see cref="NodeWiring.AddLeverageNode(IServiceCollection, NodeSettings)"/>), on a free port.
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    private readonly IHost _host;

    private TestNode(IHost host, ActorSystem system, IActorRegistry registry, string digestFile)
    {
        _host = host;
        DigestFile = digestFile;
        System = system;
        Accounts = registry.Get<AccountRegion>();
        Positions = registry.Get<PositionRegion>();
        Pools = registry.Get<PoolRegion>();
        Oracles = registry.Get<OracleRegion>();
        MarketWatch = registry.Get<MarketWatchProxy>();
    }

    public ActorSystem System { get; }

    /// <summary>Where the node writes its journal digests.</summary>
    public string DigestFile { get; }

    public IActorRef Accounts { get; }

    public IActorRef Positions { get; }

    public IActorRef Pools { get; }

    public IActorRef Oracles { get; }

    /// <summary>Proxy to the singleton of risk indexes and liquidators.</summary>
    public IActorRef MarketWatch { get; }

    public static TestNode Start(TestDatabase database) =>
        StartAsync(database).GetAwaiter().GetResult();

    /// <param name="clock">The time liquidators and risk indexes read; the system clock when none is given.</param>
    public static Task<TestNode> StartAsync(TestDatabase database, MarketCatalog? markets = null, TimeProvider? clock = null) =>
        StartAsync(database.Journal, markets, clock);

    public static async Task<TestNode> StartAsync(JournalDatabase journal, MarketCatalog? markets = null, TimeProvider? clock = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(
            new HostApplicationBuilderSettings { DisableDefaults = true });
        // LEVERAGE_TEST_LOGS=1 shows the nodes' logs when a test needs explaining.
        builder.Services.AddLogging(logging =>
        {
            if (Environment.GetEnvironmentVariable("LEVERAGE_TEST_LOGS") == "1")
                logging.AddSimpleConsole(o => o.SingleLine = true);
        });
        if (clock is not null)
            builder.Services.AddSingleton(clock);
        // Beside a SQLite file by default; a PostgreSQL journal's in a directory of this node's own.
        var digestFile = journal.Provider == JournalProvider.Postgres
            ? Path.Combine(Directory.CreateTempSubdirectory("leverage-digest-").FullName, DigestSettings.DefaultFileName)
            : null;
        var settings = new NodeSettings
        {
            SystemName = "leverage",
            Port = 0,
            JournalProvider = journal.Provider,
            ConnectionString = journal.ConnectionString,
            PricePath = null,
            Markets = markets ?? MarketCatalog.Default,
            DigestFile = digestFile,
            // Digests on request and at shutdown only: a timed one would add a row to journals that tests count.
            DigestEvery = TimeSpan.Zero,
        };
        builder.Services.AddLeverageNode(settings, akka => akka.AddHocon(
            // First messages wait for the shard coordinator and table creation; a busy CI machine is slow.
            "akka.test.single-expect-default = 20s", HoconAddMode.Prepend));

        var host = builder.Build();
        await host.StartAsync();
        var system = host.Services.GetRequiredService<ActorSystem>();

        var up = new TaskCompletionSource();
        Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var registry = ActorRegistry.For(system);
        await registry.GetAsync<MarketWatchProxy>();
        return new TestNode(host, system, registry, settings.Digests.File);
    }

    private bool _stopped;

    public async ValueTask DisposeAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        await _host.StopAsync();
        _host.Dispose();
    }
}
