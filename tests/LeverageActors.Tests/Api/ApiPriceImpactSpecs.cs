using System.Net;
using LeverageActors.Tests.Pools;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Api;

/// <summary>Through the API, with price impact on: an open's answer and the position show the impact it will pay, the market its skew and impact pool.</summary>
public sealed class ApiPriceImpactSpecs : ApiNodeSpec
{
    public override async Task InitializeAsync() =>
        Node = await TestNode.StartAsync(Database, new NodeOptions { Markets = PriceImpactSpecs.WithImpact() });

    [Fact]
    public async Task An_open_shows_its_pending_impact_and_the_market_its_skew_and_impact_pool()
    {
        await Node.OperatorReports("ETH-USD", 2_000m);
        var lp = await Node.NewTrader(deposit: 1_000_000m);
        await lp.Provides("ETH-USD", 1_000_000m);
        var trader = await Node.NewTrader(deposit: 20_000m);

        // 10,000 × 10 = 100,000 of longs into an empty book: 1e-8 · 100,000² = 100, paid at the close.
        var answer = await Json(trader.Post("/positions", new { market = "ETH-USD", side = "long", collateral = 10_000m, leverage = 10m }),
            HttpStatusCode.Created);
        Assert.Equal(100m, answer.GetProperty("position").GetProperty("pendingImpact").GetDecimal());
        var id = answer.GetProperty("positionId").GetString();
        Assert.Equal(100m, (await Json(trader.Get($"/positions/{id}"))).GetProperty("pendingImpact").GetDecimal());

        var impact = (await Json(Node.Http.GetAsync("/markets/ETH-USD"))).GetProperty("impact");
        Assert.Equal(100_000m, impact.GetProperty("skew").GetDecimal());
        Assert.Equal(0m, impact.GetProperty("impactPool").GetDecimal());

        // The close: skew 100,000 → 0 rebates 50 against the 100 owed; 50 goes to the impact pool.
        await Json(trader.Post($"/positions/{id}/close"));
        await Node.BooksBalance([lp, trader]);
        impact = (await Json(Node.Http.GetAsync("/markets/ETH-USD"))).GetProperty("impact");
        Assert.Equal(0m, impact.GetProperty("skew").GetDecimal());
        Assert.Equal(50m, impact.GetProperty("impactPool").GetDecimal());
    }
}
