using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Integrity;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Persistence;
using LeverageActors.Host.Node;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Risk;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LeverageActors.Bench;

/// <summary>A node wired exactly like the executable, on a journal database, without a price feed.</summary>
public sealed class BenchNode : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _digestFile;

    private BenchNode(IHost host, ActorSystem system, string digestFile)
    {
        _host = host;
        _digestFile = digestFile;
        System = system;
        var registry = ActorRegistry.For(system);
        Accounts = registry.Get<AccountRegion>();
        Positions = registry.Get<PositionRegion>();
        Oracles = registry.Get<OracleRegion>();
        Pools = registry.Get<PoolRegion>();
        MarketWatch = registry.Get<MarketWatchProxy>();
    }

    public ActorSystem System { get; }

    public IActorRef Accounts { get; }

    public IActorRef Positions { get; }

    public IActorRef Oracles { get; }

    public IActorRef Pools { get; }

    public IActorRef MarketWatch { get; }

    /// <summary>This node's cluster address, the seed others join.</summary>
    public Address Address => Cluster.Get(System).SelfAddress;

    /// <param name="chained">Off: entities write no chain links (to measure what they cost).</param>
    /// <param name="seed">The node to join; none: the node joins itself.</param>
    /// <param name="passivateIdleAfter">Instead of the node's 2 minutes: to see within a run what passivation gives back.</param>
    /// <param name="markets">Instead of the node's default catalog.</param>
    public static async Task<BenchNode> StartAsync(JournalDatabase journal, bool chained = true, Address? seed = null, TimeSpan? passivateIdleAfter = null,
        MarketCatalog? markets = null)
    {
        var hocon = $"{StreamChain.Setting} = {(chained ? "on" : "off")}";
        if (passivateIdleAfter is { } idle)
            hocon += $"\nakka.cluster.sharding.passivate-idle-entity-after = {idle.TotalSeconds:0}s";
        var digestFile = Path.Combine(Path.GetTempPath(), $"leverage-bench-digest-{Guid.NewGuid():N}.json");
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddLogging(logging =>
        {
            if (Environment.GetEnvironmentVariable("LEVERAGE_BENCH_LOGS") == "1")
                logging.AddSimpleConsole(o => o.SingleLine = true);
        });
        builder.Services.AddLeverageNode(new NodeSettings
        {
            Port = 0,
            JournalProvider = journal.Provider,
            ConnectionString = journal.ConnectionString,
            PricePath = null,
            SeedNodes = seed is null ? [] : [seed.ToString()],
            // Digests on request and at shutdown only: a timed one would land in some runs and not others.
            DigestEvery = TimeSpan.Zero,
            DigestFile = digestFile,
            Markets = markets ?? MarketCatalog.Default,
        }, akka => akka.AddHocon(hocon, HoconAddMode.Prepend));
        var host = builder.Build();
        await host.StartAsync();
        var system = host.Services.GetRequiredService<ActorSystem>();
        var up = new TaskCompletionSource();
        Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await ActorRegistry.For(system).GetAsync<MarketWatchProxy>();
        return new BenchNode(host, system, digestFile);
    }

    /// <summary>Until the risk index of ETH-USD has caught up with the journal and watches at least <paramref name="positions"/>.</summary>
    public async Task UntilWatched(int positions)
    {
        while (await MarketWatch.Ask<object>(new GetRiskIndexStatus(JournalFixture.Eth), TimeSpan.FromSeconds(60)) is not RiskIndexStatus { CaughtUp: true } status
               || status.Watched < positions)
            await Task.Delay(20);
    }

    /// <summary>
    /// Until the node's start-up work is done: the saga watchdog has searched the journal and the
    /// pool of ETH-USD answers (both start once the risk indexes have caught up; the pool's answer
    /// waits for its recovery).
    /// </summary>
    public async Task UntilSettled()
    {
        while (!(await MarketWatch.Ask<SagaWatchdogStatus>(GetSagaWatchdogStatus.Instance, TimeSpan.FromSeconds(60))).Searched)
            await Task.Delay(20);
        await Pools.Ask<PoolStateResponse>(new GetPoolState(JournalFixture.Eth, null, DateTimeOffset.UtcNow), TimeSpan.FromMinutes(5));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        // The digest taken at shutdown is written by now; the run has no use for it afterwards.
        File.Delete(_digestFile);
    }
}
