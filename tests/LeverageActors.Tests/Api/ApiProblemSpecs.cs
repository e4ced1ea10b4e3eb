using System.Net;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Api;

/// <summary>Each refusal is a problem with its own stable type, and moves nothing.</summary>
public sealed class ApiProblemSpecs : ApiNodeSpec
{
    /// <summary>With next-price execution off, an open at a quote inside the breaker's halt is refused by the API itself.</summary>
    [Fact]
    public async Task An_open_at_a_price_inside_the_breakers_halt_is_refused_before_it_is_sent()
    {
        await Node.OperatorReports("ETH-USD", 2_000m);
        var lp = await Node.NewTrader(deposit: 20_000m);
        await lp.Provides("ETH-USD", 10_000m);
        var trader = await Node.NewTrader(deposit: 1_000m);
        // 2,000 → 2,400 is a 20% move: the breaker's 15% trips with it.
        await Node.OperatorReports("ETH-USD", 2_400m);

        var refused = await ProblemAssert.Is(trader.Post("/positions", Open("ETH-USD", collateral: 100m, leverage: 2m)),
            HttpStatusCode.Conflict, "market-halted");
        Assert.Contains("its price #", refused.GetProperty("detail").GetString());
        Assert.Equal(1_000m, await trader.FreeBalance());
        Assert.Equal(0, (await Json(trader.Get("/positions"))).GetProperty("positions").GetArrayLength());
    }

    [Fact]
    public async Task Each_refusal_has_its_problem_type_and_leaves_the_books_as_they_were()
    {
        await Node.OperatorReports("ETH-USD", 2000m);
        await Node.OperatorReports("BTC-USD", 60_000m);
        var lp = await Node.NewTrader(deposit: 20_000m);
        await lp.Provides("ETH-USD", 10_000m);
        await lp.Provides("BTC-USD", 10_000m);
        var trader = await Node.NewTrader(deposit: 1_000m);

        await ProblemAssert.Is(trader.Post("/positions", Open("ETH-USD", collateral: 5_000m, leverage: 2m)),
            HttpStatusCode.UnprocessableEntity, "insufficient-balance");
        await ProblemAssert.Is(trader.Post($"/accounts/{trader.Id}/withdrawals", new { amount = 1_000.01m }),
            HttpStatusCode.UnprocessableEntity, "insufficient-balance");
        await ProblemAssert.Is(trader.Post("/positions", Open("ETH-USD", collateral: 100m, leverage: 51m)),
            HttpStatusCode.BadRequest, "leverage-out-of-range");
        // 900 × 20 = 18,000 of exposure against a pool of 10,000.
        await ProblemAssert.Is(trader.Post("/positions", Open("ETH-USD", collateral: 900m, leverage: 20m)),
            HttpStatusCode.UnprocessableEntity, "insufficient-pool-liquidity");
        await ProblemAssert.Is(trader.Post("/positions", Open("SOL-USD", collateral: 100m, leverage: 2m)),
            HttpStatusCode.ServiceUnavailable, "stale-price");
        await ProblemAssert.Is(trader.Post("/positions", Open("DOGE-USD", collateral: 100m, leverage: 2m)),
            HttpStatusCode.NotFound, "unknown-market");
        var invalid = await ProblemAssert.Is(trader.Post("/positions", Open("ETH-USD", collateral: -5m, leverage: 2m)),
            HttpStatusCode.BadRequest, "validation-error");
        Assert.True(invalid.GetProperty("errors").TryGetProperty("collateral", out _), invalid.ToString());

        var halt = await Json(Node.Http.SendAsync(Node.Request(HttpMethod.Post, "/operator/markets/BTC-USD/halt", new { minutes = 30 }, TestNode.OperatorKey)));
        Assert.True(halt.GetProperty("haltedUntil").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(29));
        await ProblemAssert.Is(trader.Post("/positions", Open("BTC-USD", collateral: 100m, leverage: 2m)),
            HttpStatusCode.Conflict, "market-halted");

        // The refusal answers when the position records it; the account's release follows (README, "open").
        await Eventually.Holds("the refused opens' collateral released", async () => await trader.FreeBalance() == 1_000m);
        // An account lists the positions that locked its collateral: the two the pool refused (too
        // little liquidity on ETH-USD, halted BTC-USD), both failed. The others were refused before
        // any lock (balance, leverage, price, market, body) and are not positions at all. Newest first.
        var positions = await Json(trader.Get("/positions"));
        Assert.Equal(
            [("BTC-USD", "failed"), ("ETH-USD", "failed")],
            positions.GetProperty("positions").EnumerateArray()
                .Select(p => (p.GetProperty("market").GetString(), p.GetProperty("status").GetString())).ToArray());
        await Node.BooksBalance([lp, trader]);
    }

    [Fact]
    public async Task Every_problem_type_is_listed_and_dereferences()
    {
        var all = await Json(Node.Http.GetAsync("/problems"));
        Assert.True(all.GetArrayLength() >= 20);
        foreach (var kind in all.EnumerateArray())
        {
            var one = await Json(Node.Http.GetAsync(kind.GetProperty("type").GetString()));
            Assert.Equal(kind.GetProperty("status").GetInt32(), one.GetProperty("status").GetInt32());
        }
    }

    private static object Open(string market, decimal collateral, decimal leverage) =>
        new { market, side = "long", collateral, leverage };
}
