using Akka.Actor;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Risk;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Clustering;

/// <summary>
/// Three nodes of one cluster in one test process on one journal: what a node's departure moves
/// (entities with their shards, the market-watch singleton) resumes elsewhere with its state, and
/// prices reach the risk index wherever it runs.
/// </summary>
public abstract class ClusterSpecs(TestDatabases databases) : IAsyncLifetime
{
    private readonly TestDatabase _database = databases.Fresh();
    private ThreeNodes _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ThreeNodes.StartAsync(_database);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task An_account_and_its_position_are_handed_off_with_their_state_when_their_node_leaves()
    {
        var entry = _cluster.Nodes[0];
        await entry.OperatorReports("ETH-USD", 2000m);
        var lp = await entry.NewTrader(deposit: 100_000m);
        await lp.Provides("ETH-USD", 100_000m);
        var trader = await entry.NewTrader();
        await Json(trader.Post($"/accounts/{trader.Id}/deposits", new { amount = 1_000m }, "deposit-before-the-hand-off"));
        var position = await trader.Opens("ETH-USD", "long", 300m, 2m);
        var accountBefore = await Json(trader.Get($"/accounts/{trader.Id}"));
        var positionBefore = await Json(trader.Get($"/positions/{position}"));

        var host = await _cluster.HostOf(n => n.Accounts, trader.Id.Value);
        Assert.NotNull(host);
        await _cluster.Leave(host);

        var there = trader.On(_cluster.Nodes[^1]);
        var accountAfter = await OnceMoved(() => there.Get($"/accounts/{trader.Id}"));
        Assert.Equal(accountBefore.GetProperty("freeBalance").GetDecimal(), accountAfter.GetProperty("freeBalance").GetDecimal());
        Assert.Equal(700m, accountAfter.GetProperty("freeBalance").GetDecimal());
        var positionAfter = await Json(there.Get($"/positions/{position}"));
        foreach (var field in new[] { "status", "collateral", "quantity", "entryPrice" })
            Assert.Equal(positionBefore.GetProperty(field).ToString(), positionAfter.GetProperty(field).ToString());
        // The entity remembered which requests it applied: a retry moves no money on its new node.
        var retried = await Json(there.Post($"/accounts/{trader.Id}/deposits", new { amount = 1_000m }, "deposit-before-the-hand-off"));
        Assert.True(retried.GetProperty("alreadyApplied").GetBoolean());
        Assert.Equal(700m, await there.FreeBalance());
        Assert.Contains(await _cluster.HostOf(n => n.Accounts, trader.Id.Value), _cluster.Nodes);

        await Json(there.Post($"/positions/{position}/close"));
        await _cluster.Nodes[0].BooksBalance([lp, trader]);
    }

    [Fact]
    public async Task The_market_watch_singleton_moves_when_its_node_leaves_and_resumes_from_its_offsets()
    {
        var oldest = _cluster.Nodes[0];
        Assert.Same(oldest, await _cluster.SingletonHost());
        await oldest.OperatorReports("ETH-USD", 2000m);
        var lp = await oldest.NewTrader(deposit: 100_000m);
        await lp.Provides("ETH-USD", 100_000m);
        var trader = await oldest.NewTrader(deposit: 10_000m);
        await oldest.MarketIsWatched("ETH-USD");
        var doomed = await trader.Opens("ETH-USD", "long", 100m, 40m);
        await trader.Opens("ETH-USD", "long", 1_000m, 2m);
        await LiquidatedAfterReports(oldest, trader, doomed, "ETH-USD", 1960m);
        var before = await CommittedLiquidator(oldest, 1960m, committedAbove: 0);
        var indexBefore = await Status<RiskIndexStatus>(oldest, new GetRiskIndexStatus(Eth));

        await _cluster.Leave(oldest);

        var next = _cluster.Nodes[0];
        Assert.Contains(await _cluster.SingletonHost(), _cluster.Nodes);
        // The first answer of the moved liquidator comes after its recovery: it starts from the offset it stored, not from 0.
        var after = await Status<LiquidatorStatus>(next, new GetLiquidatorStatus(Eth));
        Assert.True(after.CommittedOffset >= before.CommittedOffset,
            $"the liquidator resumed at offset {after.CommittedOffset}, below the {before.CommittedOffset} it had committed");
        await next.MarketIsWatched("ETH-USD");
        var indexAfter = await Status<RiskIndexStatus>(next, new GetRiskIndexStatus(Eth));
        Assert.Equal(indexBefore.Watched, indexAfter.Watched);
        Assert.True(indexAfter.Offset >= indexBefore.Offset, $"the index read to {indexAfter.Offset}, short of {indexBefore.Offset}");

        // The moved singleton keeps liquidating.
        var trader2 = trader.On(_cluster.Nodes[^1]);
        var doomedAfter = await trader2.Opens("ETH-USD", "long", 100m, 40m);
        await LiquidatedAfterReports(_cluster.Nodes[^1], trader2, doomedAfter, "ETH-USD", 1920m);
        await next.BooksBalance([lp, trader]);
    }

    [Fact]
    public async Task A_price_reaches_the_risk_index_from_an_oracle_on_another_node()
    {
        var prices = new Dictionary<string, decimal> { ["ETH-USD"] = 2000m, ["BTC-USD"] = 60_000m, ["SOL-USD"] = 150m };
        foreach (var (name, price) in prices)
            await _cluster.Nodes[^1].OperatorReports(name, price);
        var watch = await _cluster.SingletonHost();
        string? market = null;
        foreach (var name in prices.Keys)
            if (await _cluster.HostOf(n => n.Oracles, name) is { } oracleHost && oracleHost != watch)
                market = name;
        Assert.True(market is not null, "at least one of three oracles runs on another node than the risk indexes");

        var entry = _cluster.Nodes.First(n => n != watch);
        var lp = await entry.NewTrader(deposit: 100_000m);
        await lp.Provides(market, 100_000m);
        var trader = await entry.NewTrader(deposit: 1_000m);
        await entry.MarketIsWatched(market);
        var checksBefore = (await Status<RiskIndexStatus>(entry, new GetRiskIndexStatus(MarketId.From(market)))).ChecksSent;
        var doomed = await trader.Opens(market, "long", 100m, 40m);

        await LiquidatedAfterReports(entry, trader, doomed, market, prices[market] * 0.98m);

        var checksAfter = (await Status<RiskIndexStatus>(entry, new GetRiskIndexStatus(MarketId.From(market)))).ChecksSent;
        Assert.True(checksAfter > checksBefore, "the index sent a margin check on the tick");
        await entry.BooksBalance([lp, trader]);
    }

    private static readonly MarketId Eth = MarketId.From("ETH-USD");

    /// <summary>
    /// Reports <paramref name="price"/> every second, as a feed keeps reporting, until the position is
    /// liquidated: a subscriber that has just moved is known to the publishing node's pub-sub only
    /// after its next gossip (a second), and the tick before that reaches nobody.
    /// </summary>
    private static async Task LiquidatedAfterReports(TestNode node, ApiTrader trader, string position, string market, decimal price)
    {
        var deadline = DateTime.UtcNow + TestNode.Timeout * 2;
        while (true)
        {
            await node.OperatorReports(market, price);
            for (var poll = 0; poll < 20; poll++)
            {
                var view = await Json(trader.Get($"/positions/{position}"));
                if (view.GetProperty("status").GetString() == "liquidated")
                    return;
                await Task.Delay(TimeSpan.FromMilliseconds(50));
            }

            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"position {position} was not liquidated at {price}");
        }
    }

    /// <summary>
    /// The liquidator's status once it has stored an offset above <paramref name="committedAbove"/>. It
    /// learns that a breach is resolved when it repeats the liquidation at the next price, and
    /// commits within a second of that: the feed keeps reporting meanwhile, as a real one does.
    /// </summary>
    private static async Task<LiquidatorStatus> CommittedLiquidator(TestNode node, decimal price, long committedAbove)
    {
        var deadline = DateTime.UtcNow + TestNode.Timeout * 2;
        while (true)
        {
            await node.OperatorReports("ETH-USD", price);
            var status = await Status<LiquidatorStatus>(node, new GetLiquidatorStatus(Eth));
            if (status.CommittedOffset > committedAbove)
                return status;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"the liquidator still stores offset {status.CommittedOffset}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>The singleton's answer through <paramref name="node"/>'s proxy, asking again while it is still moving.</summary>
    /// <summary>
    /// A read of an entity whose shard is moving: the API answers 504 ("retry") while the shard
    /// coordinator and the entity settle on their new node, which on a loaded machine can take longer
    /// than one request's 10 s; a client retries, and so does this, for up to a minute.
    /// </summary>
    private static async Task<System.Text.Json.JsonElement> OnceMoved(Func<Task<HttpResponseMessage>> read)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            using var response = await read();
            if (response.StatusCode != System.Net.HttpStatusCode.GatewayTimeout || DateTime.UtcNow > deadline)
                return await Json(Task.FromResult(response));
        }
    }

    private static async Task<T> Status<T>(TestNode node, object query)
    {
        var deadline = DateTime.UtcNow + TestNode.Timeout * 2;
        while (true)
        {
            try
            {
                if (await node.MarketWatch.Ask<object>(query, TimeSpan.FromSeconds(5)) is T answer)
                    return answer;
            }
            catch (AskTimeoutException) when (DateTime.UtcNow < deadline)
            {
                // The proxy buffers until it finds the singleton; the singleton answers after its children recover.
            }

            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"no {typeof(T).Name} from the market watch through {node.ClusterAddress}");
        }
    }
}

public sealed class ClusterOnSqlite() : ClusterSpecs(TestDatabases.Sqlite);

[Collection(PostgresCollection.Name)]
public sealed class ClusterOnPostgres(PostgresFixture postgres) : ClusterSpecs(postgres.Databases);
