using System.Net;
using System.Text.Json;
using Akka.Actor;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Tests.Audit;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Api;

/// <summary>
/// Next-price execution through the API (<c>Execution:NextPrice</c> on): each trade and LP move waits
/// at the oracle and executes at the first price it accepts after the request. ETH-USD's oracle has
/// one source here, so each report is one accepted price and a spec says exactly which comes next.
/// </summary>
public sealed class ApiNextPriceSpecs() : ApiNodeSpec(TestDatabase.OnDisk())
{
    internal const string Market = "ETH-USD";

    internal static MarketCatalog OneSource { get; } = new(MarketCatalog.Default.Markets,
        new Dictionary<MarketId, OracleParameters>
        {
            [MarketId.From(Market)] = OracleParameters.Default with { Sources = ["source-a"], Quorum = 1 },
        });

    public override async Task InitializeAsync() =>
        Node = await TestNode.StartAsync(Database, new NodeOptions { Markets = OneSource, NextPrice = true });

    [Fact]
    public async Task A_price_pushed_after_the_request_is_the_one_every_trade_and_LP_move_executes_at()
    {
        var (lp, trader, id) = await LongOpenedAt2010(leverage: 10m);

        await AtNextPrice(Node, trader.Post($"/positions/{id}/collateral/withdrawals", new { amount = 100m }), 2_015m);
        await AtNextPrice(Node, trader.Post($"/positions/{id}/decrease", new { fraction = 0.5m }), 2_020m);
        await AtNextPrice(Node, trader.Post($"/positions/{id}/close"), 2_030m);
        await AtNextPrice(Node, lp.Post($"/pools/{Market}/withdrawals", new { shares = 1_000m }), 2_040m);

        // Each request was recorded with the price it executed at, numbered after the one it was made at.
        var history = await Json(trader.Get($"/positions/{id}/history"));
        Assert.Equal([2_010m], Executions(history, "PositionOpenRequested", "entryPrice"));
        Assert.Equal([2_015m], Executions(history, "CollateralDecreaseRequested", "price"));
        Assert.Equal([2_020m, 2_030m], Executions(history, "PositionSettlementRequested", "price"));

        await Node.BooksBalance([lp, trader]);
        await Node.DisposeAsync();
        Assert.Empty(AuditJournal.Replay(Database).Violations);
    }

    /// <summary>
    /// The oracle answers the requests waiting for a price as it writes the trip that price makes,
    /// before the halt has reached the pool: the answer carries the halt, and the API refuses what
    /// adds risk or takes value at it itself (its own words, not the pool's), at that price and through the halt.
    /// </summary>
    [Fact]
    public async Task A_next_price_that_trips_the_breaker_refuses_new_risk_at_the_API_and_a_close_still_executes()
    {
        var (lp, trader, id) = await LongOpenedAt2010(leverage: 5m);

        // 2,010 → 2,400 is a 19% move: the breaker's 15% trips at this very price.
        var open = trader.Post("/positions", new { market = Market, side = "long", collateral = 1_000m, leverage = 5m });
        await Waiting(Node, 1);
        await Accepts(Node, 2_400m);
        var refused = await ProblemAssert.Is(open, HttpStatusCode.Conflict, "market-halted");
        Assert.Contains("next price, #", refused.GetProperty("detail").GetString());

        var removal = trader.Post($"/positions/{id}/collateral/withdrawals", new { amount = 100m });
        await Waiting(Node, 1);
        await Accepts(Node, 2_390m);
        Assert.Contains("next price, #", (await ProblemAssert.Is(removal, HttpStatusCode.Conflict, "market-halted")).GetProperty("detail").GetString());

        var withdrawal = lp.Post($"/pools/{Market}/withdrawals", new { shares = 1_000m });
        await Waiting(Node, 1);
        await Accepts(Node, 2_395m);
        Assert.Contains("next price, #", (await ProblemAssert.Is(withdrawal, HttpStatusCode.Conflict, "market-halted")).GetProperty("detail").GetString());

        // Shares priced at the spike would be the other LPs' loss once it reverts.
        var deposit = trader.Post($"/pools/{Market}/deposits", new { amount = 1_000m });
        await Waiting(Node, 1);
        await Accepts(Node, 2_385m);
        Assert.Contains("next price, #", (await ProblemAssert.Is(deposit, HttpStatusCode.Conflict, "market-halted")).GetProperty("detail").GetString());

        await AtNextPrice(Node, trader.Post($"/positions/{id}/close"), 2_380m);
        await Node.BooksBalance([lp, trader]);
        await Node.DisposeAsync();
        Assert.Empty(AuditJournal.Replay(Database).Violations);
    }

    [Fact]
    public async Task A_trader_who_knows_the_next_price_is_half_a_percent_up_loses_the_fees_on_a_50x_round_trip_around_it()
    {
        var lp = await Pool(Node);
        var trader = await Node.NewTrader(deposit: 20_000m);

        // Sent at 2,000 knowing the oracle accepts 2,010 next: the open executes at 2,010, the close after it too.
        var opened = await AtNextPrice(Node, trader.Post("/positions", new { market = Market, side = "long", collateral = 10_000m, leverage = 50m }),
            2_010m, HttpStatusCode.Created);
        Assert.Equal(2_010m, opened.GetProperty("position").GetProperty("entryPrice").GetDecimal());
        await AtNextPrice(Node, trader.Post($"/positions/{opened.GetProperty("positionId").GetString()}/close"), 2_010m);

        // 500,000 of notional: 250 to open, 250 to close, and a few seconds of interest; at once it would have netted 1,998.75.
        Assert.InRange(await trader.FreeBalance() - 20_000m, -501m, -500m);
        await Node.BooksBalance([lp, trader]);
    }

    [Fact]
    public async Task Concurrent_opens_all_execute_at_the_same_next_tick()
    {
        var lp = await Pool(Node);
        var traders = new List<ApiTrader>();
        for (var i = 0; i < 5; i++)
            traders.Add(await Node.NewTrader(deposit: 5_000m));

        var opens = traders.Select(t => t.Post("/positions", new { market = Market, side = "long", collateral = 1_000m, leverage = 5m })).ToList();
        await Waiting(Node, opens.Count);
        await Accepts(Node, 2_005m);

        foreach (var open in opens)
            Assert.Equal(2_005m, (await Json(open, HttpStatusCode.Created)).GetProperty("position").GetProperty("entryPrice").GetDecimal());
        await Node.BooksBalance([lp, .. traders]);
    }

    /// <summary>A price of 2,000 and a pool of 1,000,000 deposited at the next price.</summary>
    internal static async Task<ApiTrader> Pool(TestNode node)
    {
        await Accepts(node, 2_000m);
        var lp = await node.NewTrader(deposit: 1_000_000m);
        await AtNextPrice(node, lp.Post($"/pools/{Market}/deposits", new { amount = 1_000_000m }), 2_000m);
        return lp;
    }

    /// <summary>The oracle's one source reports the price, which the oracle accepts.</summary>
    internal static async Task Accepts(TestNode node, decimal price) =>
        Assert.True((await Reports(node, "source-a", price)).GetProperty("accepted").GetBoolean());

    /// <summary>A source reports <paramref name="price"/> through the operator API; the oracle's answer.</summary>
    internal static Task<JsonElement> Reports(TestNode node, string source, decimal price) =>
        Json(node.Http.SendAsync(node.Request(HttpMethod.Post, $"/operator/markets/{Market}/prices", new { source, price }, TestNode.OperatorKey)));

    internal static Task Waiting(TestNode node, int count) =>
        Eventually.Holds($"{count} request(s) waiting for {Market}'s next price", async () =>
            (await node.Oracles.Ask<NextPriceQueue>(new GetNextPriceQueue(MarketId.From(Market)), TestNode.Timeout)).Waiting == count);

    /// <summary>The call, answered once it waits at the oracle and the oracle has accepted <paramref name="price"/>.</summary>
    /// <summary>An LP's pool, and a trader with 20,000 whose long of 1,000 opened at the next price, 2,010.</summary>
    private async Task<(ApiTrader Lp, ApiTrader Trader, string? Id)> LongOpenedAt2010(decimal leverage)
    {
        var lp = await Pool(Node);
        var trader = await Node.NewTrader(deposit: 20_000m);
        var opened = await AtNextPrice(Node, trader.Post("/positions", new { market = Market, side = "long", collateral = 1_000m, leverage }),
            2_010m, HttpStatusCode.Created);
        Assert.Equal(2_010m, opened.GetProperty("position").GetProperty("entryPrice").GetDecimal());
        return (lp, trader, opened.GetProperty("positionId").GetString());
    }

    internal static async Task<JsonElement> AtNextPrice(TestNode node, Task<HttpResponseMessage> call, decimal price,
        HttpStatusCode expected = HttpStatusCode.OK)
    {
        await Waiting(node, 1);
        await Accepts(node, price);
        return await Json(call, expected);
    }

    /// <summary>The prices of the events of a type, each checked to be recorded with a price numbered after its request.</summary>
    private static List<decimal> Executions(JsonElement history, string type, string price) =>
        history.EnumerateArray().Where(e => e.GetProperty("type").GetString() == type).Select(e =>
        {
            var evt = e.GetProperty("event");
            var execution = evt.GetProperty("execution");
            Assert.True(execution.GetProperty("priceSequence").GetInt64() > execution.GetProperty("requestSequence").GetInt64(), evt.ToString());
            return evt.GetProperty(price).GetDecimal();
        }).ToList();
}

/// <summary>With no price accepted within the wait, a request is refused <c>stale-price</c> and nothing is recorded.</summary>
public sealed class ApiNextPriceDeadlineSpecs : ApiNodeSpec
{
    /// <summary>One source, which reports only when a spec says, and a next-price wait of 1 s.</summary>
    internal static NodeOptions WaitingOneSecond { get; } = new()
    {
        Markets = ApiNextPriceSpecs.OneSource,
        NextPrice = true,
        Node = s => s with { NextPriceWait = TimeSpan.FromSeconds(1) },
    };

    public override async Task InitializeAsync() => Node = await TestNode.StartAsync(Database, WaitingOneSecond);

    [Fact]
    public async Task No_price_within_the_limit_answers_stale_price_and_writes_no_row()
    {
        var lp = await ApiNextPriceSpecs.Pool(Node);
        var trader = await Node.NewTrader(deposit: 20_000m);
        var rows = await Database.JournalRows();

        await ProblemAssert.Is(trader.Post("/positions", new { market = ApiNextPriceSpecs.Market, side = "long", collateral = 1_000m, leverage = 10m }),
            HttpStatusCode.ServiceUnavailable, "stale-price");
        await ProblemAssert.Is(lp.Post($"/pools/{ApiNextPriceSpecs.Market}/withdrawals", new { shares = 1_000m }),
            HttpStatusCode.ServiceUnavailable, "stale-price");

        Assert.Equal(rows, await Database.JournalRows());
        await ApiNextPriceSpecs.Waiting(Node, 0);
        Assert.Equal(20_000m, await trader.FreeBalance());
        Assert.Empty((await Json(trader.Get("/positions"))).GetProperty("positions").EnumerateArray());
        await Node.BooksBalance([lp, trader]);
    }
}
