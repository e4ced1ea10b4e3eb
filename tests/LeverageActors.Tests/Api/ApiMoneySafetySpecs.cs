using System.Net;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Api;

/// <summary>
/// The refusals of the money-safety rules (issue 11) over HTTP: each is a problem type listed at
/// /problems, and nothing is persisted for it.
/// </summary>
public sealed class ApiMoneySafetySpecs : ApiNodeSpec
{
    [Fact]
    public async Task Each_new_refusal_is_its_problem_type_and_adds_nothing_to_the_journal()
    {
        await Node.OperatorReports("ETH-USD", 2000m);
        await Node.OperatorReports("SOL-USD", 100m);
        var lp = await Node.NewTrader(deposit: 20_000m);
        await lp.Provides("ETH-USD", 10_000m);
        var trader = await Node.NewTrader(deposit: 1_000m);
        var rows = await Database.JournalRows();

        await ProblemAssert.Is(trader.Post("/positions", Open("ETH-USD", 4.99m, 2m)),
            HttpStatusCode.UnprocessableEntity, "position-too-small");
        await ProblemAssert.Is(trader.Post("/positions", Open("ETH-USD", 100m, 1.0000000000001m)),
            HttpStatusCode.BadRequest, "leverage-out-of-range");
        await ProblemAssert.Is(trader.Post("/positions", Open("ETH-USD", 100m, 2.555m)),
            HttpStatusCode.BadRequest, "leverage-out-of-range");
        // The first deposit into SOL-USD's empty pool must be at least 1,000.
        await ProblemAssert.Is(trader.Post("/pools/SOL-USD/deposits", new { amount = 0.000001m }),
            HttpStatusCode.UnprocessableEntity, "deposit-below-minimum");
        Assert.Equal(rows, await Database.JournalRows());

        using (var halt = await Node.Http.SendAsync(Node.Request(HttpMethod.Post, "/operator/markets/ETH-USD/halt", new { minutes = 30 }, TestNode.OperatorKey)))
            halt.EnsureSuccessStatusCode();
        var rowsAfterHalt = await Database.JournalRows();
        await ProblemAssert.Is(lp.Post("/pools/ETH-USD/withdrawals", new { shares = 100m }),
            HttpStatusCode.Conflict, "withdrawals-paused");

        Assert.Equal(rowsAfterHalt, await Database.JournalRows());
        Assert.Equal(1_000m, await trader.FreeBalance());
        Assert.Equal(10_000m, await lp.FreeBalance());
        await Node.BooksBalance([lp, trader]);
    }

    [Fact]
    public async Task The_new_problem_types_are_listed()
    {
        var listed = (await Json(Node.Http.GetAsync("/problems"))).EnumerateArray().Select(k => k.GetProperty("type").GetString()).ToList();

        foreach (var code in new[] { "position-too-small", "withdrawals-paused", "deposit-below-minimum", "deposit-rounds-to-loss" })
            Assert.Contains($"/problems/{code}", listed);
    }

    private static object Open(string market, decimal collateral, decimal leverage) =>
        new { market, side = "long", collateral, leverage };
}
