using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Invariants;
using LeverageActors.Actors.Markets;
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

    /// <summary>Polls, like TestKit's AwaitAssert, until <paramref name="condition"/> holds.</summary>
    public static async Task Eventually(string what, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Waited {Timeout} for {what}");
            await Task.Delay(TimeSpan.FromMilliseconds(25));
        }
    }

    /// <summary>
    /// DESIGN §4 invariants over every account the API created (and the liquidator's), their
    /// positions and every pool, once no saga is in flight: read from the entities, not the API.
    /// </summary>
    public async Task BooksBalance(IEnumerable<ApiTrader> traders)
    {
        var ids = traders.Select(t => t.Id).Append(AccountId.From(new NodeSettings().LiquidatorAccount)).Distinct().ToList();
        var positions = new List<PositionView>();
        var accounts = new List<AccountBalanceResponse>();
        foreach (var id in ids)
        {
            if (await Accounts.Ask<object>(new GetAccountPositions(id), Timeout) is not AccountPositions mine)
                continue;
            foreach (var position in mine.Positions)
            {
                PositionView? view = null;
                await Eventually($"position {position} to settle", async () =>
                    (view = await Positions.Ask<PositionView>(new GetPosition(position, null, null), Timeout)).PendingSteps == 0);
                positions.Add(view!);
            }
        }

        foreach (var id in ids)
        {
            AccountBalanceResponse? balance = null;
            await Eventually($"account {id} to have nothing in transit", async () =>
                (balance = await Accounts.Ask<AccountBalanceResponse>(new GetAccountBalance(id), Timeout)).InTransitToPools == 0);
            accounts.Add(balance!);
        }

        var pools = new List<PoolStateResponse>();
        foreach (var market in MarketCatalog.Default.Markets.Keys)
            pools.Add(await Pools.Ask<PoolStateResponse>(new GetPoolState(market, null, DateTimeOffset.UtcNow), Timeout));

        var violations = InvariantChecker.Check(accounts, positions, pools);
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
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
