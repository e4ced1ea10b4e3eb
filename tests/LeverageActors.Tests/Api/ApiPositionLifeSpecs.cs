using System.Net;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Api;

/// <summary>One position's whole life over real HTTP against a real node, on each journal database.</summary>
public abstract class ApiPositionLifeSpecs(TestDatabases databases) : ApiNodeSpec(databases.Fresh())
{
    [Fact]
    public async Task A_position_opens_changes_and_closes_with_its_money_and_history_in_the_answers()
    {
        await Node.OperatorReports("ETH-USD", 2000m);
        var lp = await Node.NewTrader(deposit: 1_000_000m);
        await lp.Provides("ETH-USD", 1_000_000m);
        var trader = await Node.NewTrader(deposit: 10_000m);

        var opened = await Json(trader.Post("/positions", new { market = "ETH-USD", side = "long", collateral = 1000m, leverage = 5m, isolated = true }),
            HttpStatusCode.Created);
        var id = opened.GetProperty("positionId").GetString()!;
        var position = opened.GetProperty("position");
        Assert.Equal("open", position.GetProperty("status").GetString());
        Assert.Equal(2000m, position.GetProperty("entryPrice").GetDecimal());
        // 1000 × 5 of exposure at 2000 is 2.5 ETH; the 0.05% open fee (2.5) comes out of the collateral.
        Assert.Equal(2.5m, position.GetProperty("quantity").GetDecimal());
        Assert.Equal(997.5m, position.GetProperty("collateral").GetDecimal());
        Assert.Equal(9_000m, await trader.FreeBalance());

        await Node.OperatorReports("ETH-USD", 2100m);
        var valued = await Json(trader.Get($"/positions/{id}"));
        Assert.Equal(2100m, valued.GetProperty("price").GetDecimal());
        Assert.Equal(250m, valued.GetProperty("unrealizedPnl").GetDecimal());
        // Equity: collateral + PnL − the 0.05% closing fee on 5,250 of notional − interest so far.
        var interest = valued.GetProperty("accruedInterest").GetDecimal();
        var equity = valued.GetProperty("equity").GetDecimal();
        // The node's clock is real, so interest is whatever accrued since the open (a few
        // millionths at 0.4% utilization); every other term is exact.
        Assert.Equal(997.5m + 250m - 2.625m - interest, equity);
        // Equity meets 1% maintenance plus the closing fee: (5,000 − 997.5 + i) / (2.5 × 0.9895),
        // 1,617.99… without interest; the margin ratio is equity over 5,250 of notional, 0.2371…
        Assert.Equal((2000m * 2.5m - 997.5m + interest) / (2.5m * (1m - 0.01m - 0.0005m)), valued.GetProperty("liquidationPrice").GetDecimal());
        Assert.Equal(equity / 5_250m, valued.GetProperty("marginRatio").GetDecimal());

        await Json(trader.Post($"/positions/{id}/collateral", new { amount = 100m }));
        await Json(trader.Post($"/positions/{id}/collateral/withdrawals", new { amount = 50m }));
        var half = await Json(trader.Post($"/positions/{id}/decrease", new { fraction = 0.5m }));
        Assert.Equal(1.25m, half.GetProperty("position").GetProperty("quantity").GetDecimal());

        var listed = await Json(trader.Get("/positions"));
        Assert.Equal(id, Assert.Single(listed.GetProperty("positions").EnumerateArray()).GetProperty("positionId").GetString());

        var closed = await Json(trader.Post($"/positions/{id}/close"));
        Assert.Equal("closed", closed.GetProperty("position").GetProperty("status").GetString());

        // The close is answered before the account acknowledges its payout, which the position then
        // records: the history is read once nothing is in flight, or its last page could grow under it.
        await Eventually.Holds("the close's acknowledgements recorded", async () =>
            (await Json(trader.Get($"/positions/{id}"))).GetProperty("pendingSteps").GetInt32() == 0);
        var history = (await Json(trader.Get($"/positions/{id}/history"))).EnumerateArray().ToList();
        var types = history.Select(e => e.GetProperty("type").GetString()).ToList();
        foreach (var expected in new[] { "PositionOpenRequested", "PositionOpened", "CollateralIncreased", "CollateralDecreased", "PositionSettlementCompleted" })
            Assert.Contains(expected, types);
        Assert.Equal(history.Select(e => e.GetProperty("sequenceNr").GetInt64()), Enumerable.Range(1, history.Count).Select(i => (long)i));
        Assert.Contains(history, e => e.GetProperty("type").GetString() == "PositionSettlementRequested"
                                      && e.GetProperty("event").GetProperty("price").GetDecimal() == 2100m);
        // A page at a time (a review: read whole, a history of a million cheap events cost the node hundreds of megabytes a request).
        var page = (await Json(trader.Get($"/positions/{id}/history?after=2&limit=3"))).EnumerateArray().Select(e => e.GetProperty("sequenceNr").GetInt64());
        Assert.Equal([3L, 4L, 5L], page);
        Assert.Empty((await Json(trader.Get($"/positions/{id}/history?after={history.Count}"))).EnumerateArray());
        foreach (var bad in new[] { "limit=0", "limit=1001", "after=-1", "limit=ten" })
            await ProblemAssert.Is(trader.Get($"/positions/{id}/history?{bad}"), System.Net.HttpStatusCode.BadRequest, "validation-error");

        // Each half settles 1.25 ETH at 2,100 out of 997.5 + 100 − 50 = 1,047.5 of collateral:
        // 523.75 of it, PnL 125, closing fee 0.05% of 2,625 = 1.3125, and that half's interest i.
        var settlements = history.Where(e => e.GetProperty("type").GetString() == "PositionSettlementCompleted")
            .Select(e => e.GetProperty("event").GetProperty("settlement")).ToList();
        Assert.Equal(2, settlements.Count);
        foreach (var settlement in settlements)
        {
            var i = settlement.GetProperty("interest").GetDecimal();
            Assert.Equal((523.75m, 125m, 1.3125m, 523.75m + 125m - 1.3125m - i),
                (settlement.GetProperty("collateral").GetDecimal(), settlement.GetProperty("pnl").GetDecimal(),
                    settlement.GetProperty("closeFee").GetDecimal(), settlement.GetProperty("payout").GetDecimal()));
        }

        // Every settlement paid out: 10,000 − 1,000 − 100 + 50 + 2 × 647.4375 = 10,244.875 less the interest paid.
        await Node.BooksBalance([lp, trader]);
        Assert.Equal(10_244.875m - settlements.Sum(e => e.GetProperty("interest").GetDecimal()), await trader.FreeBalance());
        var account = await Json(trader.Get($"/accounts/{trader.Id}"));
        Assert.Equal(0m, account.GetProperty("lockedCollateral").GetDecimal());
        Assert.Equal(10_000m, account.GetProperty("totalDeposited").GetDecimal());
    }

    /// <summary>Fails on the code before the page: every position the account ever opened was listed, each asked of its entity.</summary>
    [Fact]
    public async Task The_list_of_positions_is_served_newest_first_a_page_at_a_time()
    {
        await Node.OperatorReports("ETH-USD", 2000m);
        var lp = await Node.NewTrader(deposit: 1_000_000m);
        await lp.Provides("ETH-USD", 1_000_000m);
        var trader = await Node.NewTrader(deposit: 10_000m);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
            ids.Add((await Json(trader.Post("/positions", new { market = "ETH-USD", side = "long", collateral = 100m, leverage = 2m, isolated = true }),
                HttpStatusCode.Created)).GetProperty("positionId").GetString()!);
        await Json(trader.Post($"/positions/{ids[2]}/close"));

        static List<string> Ids(System.Text.Json.JsonElement page) =>
            page.GetProperty("positions").EnumerateArray().Select(p => p.GetProperty("positionId").GetString()!).ToList();
        var first = await Json(trader.Get("/positions?limit=2"));
        Assert.Equal([ids[2], ids[1]], Ids(first));
        Assert.Equal(3, first.GetProperty("total").GetInt32());
        var next = first.GetProperty("next").GetInt32();
        var second = await Json(trader.Get($"/positions?before={next}&limit=2"));
        Assert.Equal([ids[0]], Ids(second));
        Assert.False(second.TryGetProperty("next", out _));
        Assert.Equal([ids[2], ids[1], ids[0]], Ids(await Json(trader.Get("/positions"))));
        foreach (var bad in new[] { "limit=0", "limit=501", "before=-1", "before=x" })
            await ProblemAssert.Is(trader.Get($"/positions?{bad}"), HttpStatusCode.BadRequest, "validation-error");
        await Node.BooksBalance([lp, trader]);
    }

    [Fact]
    public async Task The_node_serves_its_OpenAPI_document_and_health()
    {
        var openApi = await Json(Node.Http.GetAsync("/openapi/v1.json"));
        var paths = openApi.GetProperty("paths");
        foreach (var path in new[] { "/accounts", "/positions", "/positions/{positionId}/close", "/pools/{market}/deposits", "/stream", "/health" })
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI document lacks {path}");

        // The bearer scheme is declared once and required exactly where a key is checked.
        var bearer = openApi.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        static bool NeedsKey(System.Text.Json.JsonElement paths, string path, string verb) =>
            paths.GetProperty(path).GetProperty(verb).TryGetProperty("security", out var security)
            && security.EnumerateArray().Any(r => r.TryGetProperty("bearer", out _));
        Assert.True(NeedsKey(paths, "/positions", "post"));
        Assert.True(NeedsKey(paths, "/positions/{positionId}/close", "post"));
        Assert.True(NeedsKey(paths, "/operator/markets/{market}/halt", "post"));
        Assert.False(NeedsKey(paths, "/accounts", "post"));
        Assert.False(NeedsKey(paths, "/health", "get"));

        var health = await Json(Node.Http.GetAsync("/health"));
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("journal").GetProperty("reachable").GetBoolean());
        Assert.Equal("Up", Assert.Single(health.GetProperty("members").EnumerateArray()).GetProperty("status").GetString());
        Assert.Equal(3, health.GetProperty("markets").GetArrayLength());
    }
}

public sealed class ApiPositionLifeOnSqlite() : ApiPositionLifeSpecs(TestDatabases.Sqlite);

[Collection(PostgresCollection.Name)]
public sealed class ApiPositionLifeOnPostgres(PostgresFixture postgres) : ApiPositionLifeSpecs(postgres.Databases);
