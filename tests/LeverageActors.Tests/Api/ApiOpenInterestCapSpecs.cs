using System.Net;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Api;

/// <summary>Through the API: an open past a side's share of the pool is the problem <c>pool-open-interest-cap</c> and moves nothing.</summary>
public sealed class ApiOpenInterestCapSpecs : ApiNodeSpec
{
    [Fact]
    public async Task An_open_past_half_the_pool_is_refused_and_one_within_it_opens()
    {
        await Node.OperatorReports("ETH-USD", 2_000m);
        var lp = await Node.NewTrader(deposit: 10_000m);
        await lp.Provides("ETH-USD", 10_000m);
        var trader = await Node.NewTrader(deposit: 1_000m);

        // 600 × 10 = 6,000 of long notional against a pool worth 10,000: past its half.
        var problem = await ProblemAssert.Is(trader.Post("/positions", new { market = "ETH-USD", side = "long", collateral = 600m, leverage = 10m }),
            HttpStatusCode.UnprocessableEntity, "pool-open-interest-cap");
        Assert.Contains("6000", problem.GetProperty("detail").GetString());
        // The refusal answers when the position records it; the account's release follows (README, "open").
        await Eventually.Holds("the refused open's collateral released", async () => await trader.FreeBalance() == 1_000m);

        // 400 × 10 = 4,000: within it.
        var opened = await trader.Opens("ETH-USD", "long", 400m, 10m);
        var position = await Json(trader.Get($"/positions/{opened}"));

        Assert.Equal("open", position.GetProperty("status").GetString());
        Assert.Equal(600m, await trader.FreeBalance());
        await Node.BooksBalance([lp, trader]);
    }
}
