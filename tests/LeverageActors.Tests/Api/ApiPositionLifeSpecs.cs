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
        Assert.True(Math.Abs(997.5m + 250m - 2.625m - interest - equity) <= 0.000001m, valued.ToString());
        Assert.True(valued.GetProperty("liquidationPrice").GetDecimal() < 2000m);
        Assert.True(valued.GetProperty("marginRatio").GetDecimal() > 0.2m);

        await Json(trader.Post($"/positions/{id}/collateral", new { amount = 100m }));
        await Json(trader.Post($"/positions/{id}/collateral/withdrawals", new { amount = 50m }));
        var half = await Json(trader.Post($"/positions/{id}/decrease", new { fraction = 0.5m }));
        Assert.Equal(1.25m, half.GetProperty("position").GetProperty("quantity").GetDecimal());

        var listed = await Json(trader.Get("/positions"));
        Assert.Equal(id, Assert.Single(listed.GetProperty("positions").EnumerateArray()).GetProperty("positionId").GetString());

        var closed = await Json(trader.Post($"/positions/{id}/close"));
        Assert.Equal("closed", closed.GetProperty("position").GetProperty("status").GetString());

        var history = (await Json(trader.Get($"/positions/{id}/history"))).EnumerateArray().ToList();
        var types = history.Select(e => e.GetProperty("type").GetString()).ToList();
        foreach (var expected in new[] { "PositionOpenRequested", "PositionOpened", "CollateralIncreased", "CollateralDecreased", "PositionSettlementCompleted" })
            Assert.Contains(expected, types);
        Assert.Equal(history.Select(e => e.GetProperty("sequenceNr").GetInt64()), Enumerable.Range(1, history.Count).Select(i => (long)i));
        Assert.Contains(history, e => e.GetProperty("type").GetString() == "PositionSettlementRequested"
                                      && e.GetProperty("event").GetProperty("price").GetDecimal() == 2100m);

        // Every settlement paid out: the trader ends with the deposit plus the profit less fees and interest.
        await Node.BooksBalance([lp, trader]);
        var free = await trader.FreeBalance();
        Assert.True(free is > 10_240m and < 10_250m, $"free balance {free}");
        var account = await Json(trader.Get($"/accounts/{trader.Id}"));
        Assert.Equal(0m, account.GetProperty("lockedCollateral").GetDecimal());
        Assert.Equal(10_000m, account.GetProperty("totalDeposited").GetDecimal());
    }

    [Fact]
    public async Task The_node_serves_its_OpenAPI_document_and_health()
    {
        var openApi = await Json(Node.Http.GetAsync("/openapi/v1.json"));
        var paths = openApi.GetProperty("paths");
        foreach (var path in new[] { "/accounts", "/positions", "/positions/{positionId}/close", "/pools/{market}/deposits", "/stream", "/health" })
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI document lacks {path}");

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
