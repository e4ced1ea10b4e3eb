using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Integrity;
using LeverageActors.Actors.Persistence;
using LeverageActors.Host.Node;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeverageActors.Tests.Support;

/// <summary>
/// The suite's one way to start a node in the test process: actor system and HTTP API built
/// exactly as the executable builds them (<see cref="NodeApplication.Build"/>), on free ports,
/// with an HTTP client pointed at the API. <see cref="NodeOptions"/> says what a test changes.
/// Free of xUnit, so that a benchmark can start its node the same way (see TestNodeApi for the specs' calls).
/// </summary>
public sealed partial class TestNode : IAsyncDisposable
{
    public const string OperatorKey = "operator-key-for-the-api-specs";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly WebApplication _app;
    private readonly AccountId _liquidatorAccount;
    private bool _stopped;

    private TestNode(WebApplication app, string digestFile, AccountId liquidatorAccount)
    {
        _app = app;
        _liquidatorAccount = liquidatorAccount;
        DigestFile = digestFile;
        Address = new Uri(app.Urls.First());
        Http = new HttpClient { BaseAddress = Address, Timeout = Timeout * 2 };
        System = app.Services.GetRequiredService<ActorSystem>();
    }

    /// <summary>Where the HTTP API listens.</summary>
    public Uri Address { get; }

    public Address ClusterAddress => Cluster.Get(System).SelfAddress;

    /// <summary>No key: each request sets its own.</summary>
    public HttpClient Http { get; }

    public ActorSystem System { get; }

    /// <summary>Where the node writes its journal digests.</summary>
    public string DigestFile { get; }

    public IActorRef Accounts => ActorRegistry.For(System).Get<AccountRegion>();

    public IActorRef Positions => ActorRegistry.For(System).Get<PositionRegion>();

    public IActorRef Pools => ActorRegistry.For(System).Get<PoolRegion>();

    public IActorRef Oracles => ActorRegistry.For(System).Get<OracleRegion>();

    public IActorRef Assets => ActorRegistry.For(System).Get<AssetRegion>();

    /// <summary>Proxy to the singleton of risk indexes and liquidators.</summary>
    public IActorRef MarketWatch => ActorRegistry.For(System).Get<MarketWatchProxy>();

    /// <summary>For a TestKit's constructor, which cannot wait.</summary>
    public static TestNode Start(TestDatabase database, NodeOptions? options = null) =>
        StartAsync(database, options).GetAwaiter().GetResult();

    public static Task<TestNode> StartAsync(TestDatabase database, NodeOptions? options = null) =>
        StartAsync(database.Journal, options);

    /// <summary>A node that is an Up member of its cluster, with its market-watch singleton reachable and its liquidators' account open.</summary>
    public static async Task<TestNode> StartAsync(JournalDatabase journal, NodeOptions? options = null)
    {
        var node = await LaunchAsync(journal, options);
        try
        {
            await node.IsUp();
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>A node started and not waited for: it may never join (a seed nobody answers, a journal refused).</summary>
    public static async Task<TestNode> LaunchAsync(JournalDatabase journal, NodeOptions? options = null)
    {
        options ??= new NodeOptions();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        // LEVERAGE_TEST_LOGS=1 shows the nodes' logs when a test needs explaining.
        if (Environment.GetEnvironmentVariable("LEVERAGE_TEST_LOGS") == "1")
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        if (options.Clock is { } clock)
            // After the API's own registration of the system clock (services added last win).
            builder.Host.ConfigureContainer<IServiceCollection>((_, services) => services.AddSingleton(clock));
        options.Services?.Invoke(builder.Services);
        var settings = new NodeSettings
        {
            Port = options.Port,
            JournalProvider = journal.Provider,
            ConnectionString = journal.ConnectionString,
            PricePath = options.Prices,
            Markets = options.Markets,
            SeedNodes = options.Seeds,
            // Digests on request and at shutdown only: a timed one would add a row to journals
            // that tests count. A PostgreSQL journal's go to a directory of this node's own.
            DigestEvery = TimeSpan.Zero,
            NextPriceExecution = options.NextPrice,
            DigestFile = journal.Provider == JournalProvider.Postgres
                ? Path.Combine(Directory.CreateTempSubdirectory("leverage-digest-").FullName, DigestSettings.DefaultFileName)
                : null,
        };
        settings = options.Node?.Invoke(settings) ?? settings;
        var app = NodeApplication.Build(builder, settings, options.Api, akka => akka.AddHocon(
            // First messages wait for the shard coordinator and table creation; a busy CI machine is slow.
            "akka.test.single-expect-default = 20s\n" + options.Hocon, HoconAddMode.Prepend));
        await app.StartAsync();
        return new TestNode(app, settings.Digests.File, AccountId.From(settings.LiquidatorAccount));
    }

    private async Task IsUp()
    {
        var up = new TaskCompletionSource();
        Cluster.Get(System).RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(Timeout);
        // The member-up callback runs in the cluster's core; /health reads the cluster's read view,
        // which hears of it a moment later (until then it shows no members and this node Removed).
        await Eventually.Holds("the cluster's read view to show this node Up",
            () => Task.FromResult(Cluster.Get(System).SelfMember.Status == MemberStatus.Up));
        await ActorRegistry.For(System).GetAsync<MarketWatchProxy>();
        // The liquidators open their reward account when the singleton starts, which on a busy machine
        // can be after a spec's first requests: a row that a spec counting rows would take for its own.
        await Eventually.Holds($"the liquidators' account {_liquidatorAccount} to be open", async () =>
            await Accounts.Ask<object>(new GetAccountBalance(_liquidatorAccount), Timeout) is AccountBalanceResponse);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
