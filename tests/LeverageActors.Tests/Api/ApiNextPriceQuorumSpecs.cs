using Akka.Actor;
using System.Net;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Tests.Audit;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Api;

/// <summary>
/// An attacker's review: with three sources and a quorum of two (the default), every report makes a
/// price, the median of itself and the other sources' latest. The first report after a request was
/// the median of it and two reports made before the request, the old price again, and the request
/// executed there: a trader who sees the markets move ahead of the sources traded at the price before
/// the move, knowing it (THREATS 1). A quorum of reports after the request was not enough either: a
/// source with its own key repeated the old price just after the request, an honest source reported the
/// move, and the median of those two and the third source's report from before the request was the old
/// price. A request's next price is now one all of whose reports came after it.
/// </summary>
public sealed class ApiNextPriceQuorumSpecs() : ApiNodeSpec(TestDatabase.OnDisk())
{
    private const string Market = "ETH-USD";

    public override async Task InitializeAsync() => Node = await TestNode.StartAsync(Database, new NodeOptions { NextPrice = true });

    [Fact]
    public async Task An_open_executes_at_the_first_price_its_reports_made_after_it_not_at_the_old_median()
    {
        var (lp, trader) = await PoolAt2000();

        var open = trader.Post("/positions", new { market = Market, side = "long", collateral = 1_000m, leverage = 50m });
        await ApiNextPriceSpecs.Waiting(Node, 1);
        // The first source sees the move: its report makes price 2,000 again (the median of 2,010, 2,000 and 2,000).
        Assert.Equal(2_000m, await Reports("source-a", 2_010m));
        await ApiNextPriceSpecs.Waiting(Node, 1);
        Assert.Equal(2_010m, await Reports("source-b", 2_010m));
        await ApiNextPriceSpecs.Waiting(Node, 1);
        Assert.Equal(2_010m, await Reports("source-c", 2_010m));

        await OpensAt(open, 2_010m, lp, trader);
    }

    /// <summary>
    /// The attack a read-only review found: source-a's owner sees the market at 2,030 and opens a 50x
    /// long; its source repeats 2,000 at once; honest source-b reports 2,030; the median with source-c's
    /// 2,000 from before the request is 2,000, made of two reports after the request. It is no next price:
    /// the open executes at 2,030, once source-c reports after the request too.
    /// </summary>
    [Fact]
    public async Task A_source_repeating_the_old_price_after_a_request_does_not_make_it_the_requests_next_price()
    {
        var (lp, trader) = await PoolAt2000();

        var open = trader.Post("/positions", new { market = Market, side = "long", collateral = 1_000m, leverage = 50m });
        await ApiNextPriceSpecs.Waiting(Node, 1);
        Assert.Equal(2_000m, await Reports("source-a", 2_000m));
        Assert.Equal(2_000m, await Reports("source-b", 2_030m));
        await ApiNextPriceSpecs.Waiting(Node, 1);
        Assert.Equal(2_030m, await Reports("source-c", 2_030m));

        await OpensAt(open, 2_030m, lp, trader);
    }

    [Fact]
    public async Task A_report_that_made_no_price_before_the_request_does_not_count_as_after_it()
    {
        var (lp, trader) = await PoolAt2000();
        // The sources disagree, 5 % apart: no two agree within the deviation limit, so no price forms,
        // and source-a's 2,100 waits in the oracle, seen by all, for a second source to agree.
        await Reports("source-c", 1_900m);
        Assert.Equal(2_000m, await Reports("source-a", 2_100m));

        var open = trader.Post("/positions", new { market = Market, side = "long", collateral = 1_000m, leverage = 5m });
        await ApiNextPriceSpecs.Waiting(Node, 1);
        // Half known before the request: (2,100 + 2,090) / 2.
        Assert.Equal(2_095m, await Reports("source-b", 2_090m));
        await ApiNextPriceSpecs.Waiting(Node, 1);
        Assert.Equal(2_090m, await Reports("source-c", 2_080m));
        await ApiNextPriceSpecs.Waiting(Node, 1);
        // Every report of this price came after the request (2,070, 2,090 and 2,080), but 2,090 counts
        // as after price 2,000 only: source-a's 2,100, made before the request and after that price, could
        // not be told from it by number, so the request waits for reports after the next price (2,095).
        Assert.Equal(2_080m, await Reports("source-a", 2_070m));
        await ApiNextPriceSpecs.Waiting(Node, 1);
        Assert.Equal(2_075m, await Reports("source-b", 2_075m));

        await OpensAt(open, 2_075m, lp, trader);
    }

    /// <summary>The open executed at <paramref name="price"/>; the books balance and the journal audits clean.</summary>
    private async Task OpensAt(Task<HttpResponseMessage> open, decimal price, ApiTrader lp, ApiTrader trader)
    {
        var opened = await Json(open, HttpStatusCode.Created);
        Assert.Equal(price, opened.GetProperty("position").GetProperty("entryPrice").GetDecimal());
        await Node.BooksBalance([lp, trader]);
        await Node.DisposeAsync();
        Assert.Empty(AuditJournal.Replay(Database).Violations);
    }

    /// <summary>Three sources at 2,000, a pool of 1,000,000 and a trader with 20,000.</summary>
    private async Task<(ApiTrader Lp, ApiTrader Trader)> PoolAt2000()
    {
        foreach (var source in new[] { "source-a", "source-b", "source-c" })
            await Reports(source, 2_000m);
        var lp = await Node.NewTrader(deposit: 1_000_000m);
        await Executed(lp.Post($"/pools/{Market}/deposits", new { amount = 1_000_000m }));
        return (lp, await Node.NewTrader(deposit: 20_000m));
    }

    /// <summary>A call that waits for its next price, executed by every source's report of 2,000.</summary>
    private async Task Executed(Task<HttpResponseMessage> call)
    {
        await ApiNextPriceSpecs.Waiting(Node, 1);
        foreach (var source in new[] { "source-a", "source-b", "source-c" })
            await Reports(source, 2_000m);
        await Json(call);
    }

    /// <summary>The source reports; the price the oracle holds then (none before a quorum).</summary>
    private async Task<decimal?> Reports(string source, decimal price)
    {
        await ApiNextPriceSpecs.Reports(Node, source, price);
        var quote = await Node.Oracles.Ask<OraclePriceResponse>(new GetOraclePrice(MarketId.From(Market), DateTimeOffset.UtcNow), TestNode.Timeout);
        return quote.Price;
    }
}
