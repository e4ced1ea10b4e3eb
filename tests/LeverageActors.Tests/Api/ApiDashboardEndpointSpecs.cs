using System.Net;
using System.Text.Json;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Api;

/// <summary>The read-only endpoints the dashboard reads besides the trading API, and the page's own files.</summary>
public sealed class ApiDashboardEndpointSpecs : ApiNodeSpec
{
    [Fact]
    public async Task Risk_recent_events_and_metrics_describe_an_open_position_without_naming_its_account()
    {
        await Node.OperatorReports("ETH-USD", 2000m);
        var lp = await Node.NewTrader(deposit: 100_000m);
        await lp.Provides("ETH-USD", 100_000m);
        var trader = await Node.NewTrader(deposit: 1_000m);
        await Node.MarketIsWatched("ETH-USD");
        // 20x of 1,000 at 2,000 (fee 10): liquidation at (20,000 − 990) / (10 × 0.9895) = 1,921.17, 3.94% away.
        var position = await trader.Opens("ETH-USD", "long", 1_000m, 20m);

        JsonElement profile = default;
        await Eventually.Holds("the risk index to see the position", async () =>
            (profile = await ApiTrader.Json(Node.Http.GetAsync("/markets/ETH-USD/risk"))).GetProperty("openPositions").GetInt32() == 1);
        Assert.Equal(2000m, profile.GetProperty("price").GetDecimal());
        Assert.Equal(0, profile.GetProperty("atRisk").GetInt32());
        var bucket = profile.GetProperty("buckets").EnumerateArray().Single(b => b.GetProperty("longs").GetInt32() == 1);
        Assert.Equal(0.02m, bucket.GetProperty("from").GetDecimal());
        Assert.Equal(0.05m, bucket.GetProperty("to").GetDecimal());
        Assert.Equal(20_000m, bucket.GetProperty("notional").GetDecimal());
        Assert.DoesNotContain(trader.Id.Value, profile.GetRawText());
        Assert.DoesNotContain(position, profile.GetRawText());

        var recent = await ApiTrader.Json(Node.Http.GetAsync("/stream/recent?markets=ETH-USD"));
        var events = recent.GetProperty("events").EnumerateArray().ToList();
        Assert.Contains(events, e => e.GetProperty("event").GetString() == "price" && e.GetProperty("data").GetProperty("price").GetDecimal() == 2000m);
        Assert.Contains(events, e => e.GetProperty("event").GetString() == "open" && e.GetProperty("data").GetProperty("positionId").GetString() == position);
        Assert.DoesNotContain(trader.Id.Value, recent.GetRawText());
        var btcOnly = await ApiTrader.Json(Node.Http.GetAsync("/stream/recent?markets=BTC-USD"));
        Assert.Empty(btcOnly.GetProperty("events").EnumerateArray());

        var metrics = await ApiTrader.Json(Node.Http.GetAsync("/cluster/metrics"));
        Assert.True(metrics.GetProperty("journalEvents").GetInt64() > 0);
        var eth = metrics.GetProperty("markets").EnumerateArray().Single(m => m.GetProperty("market").GetString() == "ETH-USD");
        Assert.True(eth.GetProperty("caughtUp").GetBoolean());
        Assert.Equal(1, eth.GetProperty("watchedPositions").GetInt32());
        await Node.BooksBalance([lp, trader]);
    }

    [Fact]
    public async Task Unknown_markets_and_missing_files_are_problems()
    {
        await ProblemAssert.Is(Node.Http.GetAsync("/markets/NOPE-USD/risk"), HttpStatusCode.NotFound, "unknown-market");
        await ProblemAssert.Is(Node.Http.GetAsync("/stream/recent?markets=NOPE-USD"), HttpStatusCode.NotFound, "unknown-market");
        await ProblemAssert.Is(Node.Http.GetAsync("/dashboard/js/nothing.js"), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.Is(Node.Http.GetAsync("/dashboard/../appsettings.json"), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task The_page_is_served_with_a_policy_that_keeps_it_on_this_node()
    {
        using var page = await Node.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(" ", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy);
        Assert.Contains("connect-src 'self'", policy);
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("<script type=\"module\" src=\"/dashboard/js/main.js\">", await page.Content.ReadAsStringAsync());

        using var script = await Node.Http.GetAsync("/dashboard/js/main.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        var tag = script.Headers.ETag!;
        using var again = await Node.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/dashboard/js/main.js") { Headers = { IfNoneMatch = { tag } } });
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }
}
