using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Api;

/// <summary>The live Server-Sent Events feed: prices, opens, breaches and liquidations as they happen.</summary>
public sealed class ApiStreamSpecs : ApiNodeSpec
{
    [Fact]
    public async Task The_feed_delivers_a_positions_open_its_breach_and_its_liquidation()
    {
        await Node.OperatorReports("ETH-USD", 2000m);
        var lp = await Node.NewTrader(deposit: 100_000m);
        await lp.Provides("ETH-USD", 100_000m);
        var trader = await Node.NewTrader(deposit: 1_000m);
        await Node.MarketIsWatched("ETH-USD");

        await using var feed = await EventStreamReader.Open(Node.Http, "/stream?markets=ETH-USD");
        var ready = await feed.Next("ready");
        Assert.Equal("ETH-USD", ready.GetProperty("markets")[0].GetString());

        var position = await trader.Opens("ETH-USD", "long", 500m, 20m);
        var opened = await feed.Next("open", e => e.GetProperty("positionId").GetString() == position);
        Assert.Equal(2000m, opened.GetProperty("price").GetDecimal());
        Assert.Equal(5m, opened.GetProperty("quantity").GetDecimal());
        Assert.False(opened.TryGetProperty("accountId", out _), "the public feed names no account");

        // −6%: a 20× long has lost more than its margin.
        await Node.OperatorReports("ETH-USD", 1880m);
        await feed.Next("price", e => e.GetProperty("price").GetDecimal() == 1880m);
        await feed.Next("breach", e => e.GetProperty("positionId").GetString() == position);
        var liquidated = await feed.Next("liquidation", e => e.GetProperty("positionId").GetString() == position);
        Assert.Equal(5m, liquidated.GetProperty("quantity").GetDecimal());
        Assert.Equal(1880m, liquidated.GetProperty("price").GetDecimal());

        var view = await ApiTrader.Json(trader.Get($"/positions/{position}"));
        Assert.Equal("liquidated", view.GetProperty("status").GetString());
        await Node.BooksBalance([lp, trader]);
    }

    [Fact]
    public async Task An_unknown_market_in_the_feed_is_a_problem_not_a_stream()
    {
        await ProblemAssert.Is(Node.Http.GetAsync("/stream?markets=ETH-USD,NOPE"), System.Net.HttpStatusCode.NotFound, "unknown-market");
    }
}
