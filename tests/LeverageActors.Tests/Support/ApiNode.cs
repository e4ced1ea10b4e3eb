using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Integrity;
using LeverageActors.Actors.Invariants;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Persistence;
using LeverageActors.Host.Api;
using LeverageActors.Host.Node;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Risk;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeverageActors.Tests.Support;

/// <summary>
/// A whole node with its HTTP API on a free loopback port, built exactly as the executable
/// builds it (<see cref="NodeApplication.Build"/>), and an HTTP client pointed at it.
/// </summary>
public sealed class ApiNode : IAsyncDisposable
{
    public const string OperatorKey = "operator-key-for-the-api-specs";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly WebApplication _app;
    private bool _stopped;

    private ApiNode(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = Timeout * 2 };
        System = app.Services.GetRequiredService<ActorSystem>();
        var registry = ActorRegistry.For(System);
        Accounts = registry.Get<AccountRegion>();
        Positions = registry.Get<PositionRegion>();
        Pools = registry.Get<PoolRegion>();
        Oracles = registry.Get<OracleRegion>();
        MarketWatch = registry.Get<MarketWatchProxy>();
    }

    public Uri Address { get; }

    public Address ClusterAddress => Cluster.Get(System).SelfAddress;

    /// <summary>No key: each request sets its own.</summary>
    public HttpClient Http { get; }

    public ActorSystem System { get; }

    public IActorRef Accounts { get; }

    public IActorRef Positions { get; }

    public IActorRef Pools { get; }

    public IActorRef Oracles { get; }

    public IActorRef MarketWatch { get; }

    /// <param name="seed">A node of the cluster to join; none: the node forms a cluster of its own.</param>
    /// <param name="port">Its remoting port, for a node restarted where others expect it; 0: a free one.</param>
    /// <param name="node">Changes to the node's settings (e.g. <c>Demo</c>).</param>
    public static async Task<ApiNode> StartAsync(
        TestDatabase database, Func<ApiSettings, ApiSettings>? adjust = null, ApiNode? seed = null, int port = 0,
        Func<NodeSettings, NodeSettings>? node = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("LEVERAGE_TEST_LOGS") == "1")
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        var settings = new NodeSettings
        {
            Port = port,
            JournalProvider = database.Provider,
            ConnectionString = database.ConnectionString,
            PricePath = null,
            Markets = MarketCatalog.Default,
            SeedNodes = seed is null ? [] : [seed.ClusterAddress.ToString()],
            // Digests on request and at shutdown only: a timed one would add a row to journals
            // that tests count. A PostgreSQL journal's go to a directory of this node's own.
            DigestEvery = TimeSpan.Zero,
            DigestFile = database.Provider == JournalProvider.Postgres
                ? Path.Combine(Directory.CreateTempSubdirectory("leverage-digest-").FullName, DigestSettings.DefaultFileName)
                : null,
        };
        settings = node?.Invoke(settings) ?? settings;
        // A busy CI machine runs many nodes at once: generous waits, never timing assertions.
        var api = new ApiSettings { Url = "http://127.0.0.1:0", OperatorKey = OperatorKey, AskTimeout = Timeout };
        api = adjust?.Invoke(api) ?? api;
        var app = NodeApplication.Build(builder, settings, api);
        await app.StartAsync();

        var system = app.Services.GetRequiredService<ActorSystem>();
        var up = new TaskCompletionSource();
        Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(Timeout);
        // The member-up callback runs in the cluster's core; /health reads the cluster's read view,
        // which hears of it a moment later (until then it shows no members and this node Removed).
        await Eventually("the cluster's read view to show this node Up",
            () => Task.FromResult(Cluster.Get(system).SelfMember.Status == MemberStatus.Up));
        await ActorRegistry.For(system).GetAsync<MarketWatchProxy>();
        return new ApiNode(app, new Uri(app.Urls.First()));
    }

    /// <summary>Rows in the journal table: what a refused request must not add to.</summary>
    public static Task<long> JournalRows(TestDatabase database) => database.JournalRows();

    public async Task<ApiTrader> NewTrader(decimal deposit = 0)
    {
        using var created = await Http.PostAsync("/accounts", null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var trader = new ApiTrader(this, AccountId.From(body.GetProperty("accountId").GetString()!), body.GetProperty("apiKey").GetString()!);
        if (deposit > 0)
            (await trader.Post($"/accounts/{trader.Id}/deposits", new { amount = deposit })).EnsureSuccessStatusCode();
        return trader;
    }

    public HttpRequestMessage Request(HttpMethod method, string path, object? body = null, string? key = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = JsonContent.Create(body);
        if (key is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    /// <summary>Two of the oracle's three sources report the price now (its quorum), over HTTP as an operator.</summary>
    public async Task OperatorReports(string market, decimal price)
    {
        foreach (var source in OracleParameters.Default.Sources.Take(OracleParameters.Default.Quorum))
        {
            using var response = await Http.SendAsync(Request(HttpMethod.Post, $"/operator/markets/{market}/prices",
                new { source, price }, OperatorKey));
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>Waits until the market's risk index has caught up with the journal and its liquidator runs.</summary>
    public Task MarketIsWatched(string market) =>
        Eventually($"the risk index of {market} to catch up", async () =>
            await MarketWatch.Ask<object>(new GetRiskIndexStatus(MarketId.From(market)), Timeout) is RiskIndexStatus { CaughtUp: true }
            && await MarketWatch.Ask<object>(new GetLiquidatorStatus(MarketId.From(market)), Timeout) is LiquidatorStatus);

    public static Task Eventually(string what, Func<Task<bool>> condition) => Support.Eventually.Holds(what, condition);

    /// <summary>
    /// DESIGN §4 invariants over every account the API created (and the liquidator's), their
    /// positions and every pool, once no saga is in flight: read from the entities, not the API.
    /// </summary>
    public async Task BooksBalance(IEnumerable<ApiTrader> traders)
    {
        var ids = traders.Select(t => t.Id).Append(AccountId.From(new NodeSettings().LiquidatorAccount)).Distinct().ToList();
        var positions = new List<PositionId>();
        foreach (var id in ids)
            if (await Accounts.Ask<object>(new GetAccountPositions(id), Timeout) is AccountPositions mine)
                positions.AddRange(mine.Positions);
        (await Books.Settled(Accounts, Positions, Pools, ids, positions, MarketCatalog.Default.Markets.Keys, DateTimeOffset.UtcNow))
            .AssertBalanced();
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
