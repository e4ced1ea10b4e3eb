using Akka.Actor;
using Akka.Hosting;
using LeverageActors.Actors.Entities;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Tests.Api;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Operations;

/// <summary><c>/metrics</c>: the Prometheus text format, and counters that move by exactly what happened.</summary>
public sealed class MetricsSpecs : ApiNodeSpec
{
    private static readonly (string, string) Eth = ("market", "ETH-USD");

    [Fact]
    public async Task An_open_a_close_and_a_liquidation_move_the_counters_by_exactly_one_each()
    {
        var before = await PrometheusScrape.Of(Node.Http);

        await Node.OperatorReports("ETH-USD", 2000m);
        var lp = await Node.NewTrader(deposit: 100_000m);
        await lp.Provides("ETH-USD", 100_000m);
        var closer = await Node.NewTrader(deposit: 1_000m);
        var closed = await closer.Opens("ETH-USD", "long", 100m, 5m);
        await ApiTrader.Json(closer.Post($"/positions/{closed}/close"));
        var liquidated = await Node.NewTrader(deposit: 1_000m);
        var position = await liquidated.Opens("ETH-USD", "long", 500m, 20m);
        await Node.MarketIsWatched("ETH-USD");
        // −6%: a 20× long has lost more than its margin.
        await Node.OperatorReports("ETH-USD", 1880m);
        await Eventually.Holds("the position to be liquidated", async () =>
            (await ApiTrader.Json(liquidated.Get($"/positions/{position}"))).GetProperty("status").GetString() == "liquidated");
        await Node.BooksBalance([lp, closer, liquidated]);

        var after = await PrometheusScrape.Of(Node.Http);
        double Moved(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);

        Assert.Equal(2, Moved("leverage_positions_opened_total", Eth));
        Assert.Equal(1, Moved("leverage_positions_closed_total", Eth));
        Assert.Equal(0, Moved("leverage_positions_decreased_total", Eth));
        Assert.Equal(1, Moved("leverage_breaches_total", Eth));
        Assert.Equal(1, Moved("leverage_liquidations_total", Eth, ("kind", "full")));
        Assert.Equal(1, Moved("leverage_liquidations_total"));
        Assert.Equal("counter", after.Types["leverage_positions_opened_total"]);

        // Bad debt: what the pool booked, to the cent (the pool's own view, read over the API).
        var pool = await ApiTrader.Json(Node.Http.GetAsync("/pools/ETH-USD"));
        var badDebt = pool.GetProperty("badDebt").GetDecimal();
        // The 20× long: 10,000 of notional, fee 5, 495 held for 5 ETH. At 1,880 the PnL is −600:
        // 105 beyond its collateral, nothing left for the fee or the penalty, and the interest it
        // owed (a few millionths on the node's real clock, as the liquidation recorded it) unpaid.
        // No penalty has reached the insurance fund, so all of it is bad debt.
        var history = (await ApiTrader.Json(liquidated.Get($"/positions/{position}/history"))).EnumerateArray();
        var settlement = history.Single(e => e.GetProperty("type").GetString() == "PositionLiquidated").GetProperty("event").GetProperty("settlement");
        var unpaid = settlement.GetProperty("unpaidInterest").GetDecimal();
        Assert.Equal((495m, -600m, 0m, 0m, 0m, 105m + unpaid),
            (settlement.GetProperty("collateral").GetDecimal(), settlement.GetProperty("pnl").GetDecimal(),
                settlement.GetProperty("closeFee").GetDecimal(), settlement.GetProperty("penalty").GetDecimal(),
                settlement.GetProperty("payout").GetDecimal(), settlement.GetProperty("shortfall").GetDecimal()));
        Assert.Equal(105m + unpaid, badDebt);
        Assert.Equal((double)badDebt, Moved("leverage_bad_debt_total", Eth), 6);

        // The oracle's own account of its prices and ignored reports, and the metric's, agree.
        var oracle = await ActorRegistry.For(Node.System).Get<OracleRegion>()
            .Ask<OraclePriceResponse>(new GetOraclePrice(MarketId.From("ETH-USD"), DateTimeOffset.UtcNow), TestNode.Timeout);
        Assert.Equal(oracle.Sequence, Moved("leverage_oracle_prices_accepted_total", Eth));
        Assert.Equal(oracle.Ignored.Values.Sum(), Moved("leverage_oracle_reports_ignored_total", Eth));

        // At the API's edge: the two opens answered 201 Created, the close 200.
        Assert.Equal(2, Moved("leverage_api_requests_total", ("method", "POST"), ("route", "/positions"), ("status", "201")));
        Assert.Equal(1, Moved("leverage_api_requests_total", ("method", "POST"), ("route", "/positions/{positionId}/close"), ("status", "200")));

        // Every saga step sent was acknowledged: the gauge rose (its series exist) and is back at zero.
        Assert.Equal("gauge", after.Types["leverage_saga_steps_in_flight"]);
        var inFlight = after.Matching("leverage_saga_steps_in_flight").ToList();
        Assert.Contains(inFlight, s => s.Labels["entity"] == "position");
        Assert.Contains(inFlight, s => s.Labels["entity"] == "account");
        Assert.All(inFlight, s => Assert.Equal(0, s.Value));

        // Journal writes were timed, and none failed.
        Assert.True(Moved("leverage_journal_write_duration_seconds_count", ("result", "ok")) > 0);
        Assert.Equal(0, after.Sum("leverage_journal_write_duration_seconds_count", ("result", "failed")));
    }

    [Fact]
    public async Task Requests_are_counted_by_route_template_and_status_not_by_path()
    {
        var trader = await Node.NewTrader();
        var before = await PrometheusScrape.Of(Node.Http);

        for (var i = 0; i < 3; i++)
            using (await trader.Get($"/positions/no-such-position-{i}"))
            {
            }

        using (await Node.Http.GetAsync("/no/such/path"))
        {
        }

        // Any token is a method: one made up per request must not make a series each.
        using (await Node.Http.SendAsync(new HttpRequestMessage(new HttpMethod("X0001"), "/no/such/path")))
        {
        }

        var after = await PrometheusScrape.Of(Node.Http);
        var route = ("route", "/positions/{positionId}");
        Assert.Equal(3, after.Sum("leverage_api_requests_total", route, ("status", "404")) - before.Sum("leverage_api_requests_total", route, ("status", "404")));
        Assert.Equal(1, after.Sum("leverage_api_requests_total", ("method", "GET"), ("route", "unmatched"), ("status", "404"))
                        - before.Sum("leverage_api_requests_total", ("method", "GET"), ("route", "unmatched"), ("status", "404")));
        Assert.DoesNotContain(after.Samples, s => s.Labels.Values.Any(v => v.Contains("no-such-position", StringComparison.Ordinal)));
        Assert.Equal(1, after.Sum("leverage_api_requests_total", ("method", "other"), ("route", "unmatched"))
                        - before.Sum("leverage_api_requests_total", ("method", "other"), ("route", "unmatched")));
        Assert.DoesNotContain(after.Samples, s => s.Labels.Values.Contains("X0001"));
    }

    [Fact]
    public async Task Each_node_in_a_process_exports_its_own_facts_only()
    {
        using var database = TestDatabase.InMemory();
        await using var other = await TestNode.StartAsync(database);
        await Node.OperatorReports("ETH-USD", 2000m);

        var mine = await PrometheusScrape.Of(Node.Http);
        var theirs = await PrometheusScrape.Of(other.Http);

        Assert.Equal(1, mine.Sum("leverage_oracle_prices_accepted_total", Eth));
        Assert.Empty(theirs.Matching("leverage_oracle_prices_accepted_total"));
        Assert.Equal(0, theirs.Sum("leverage_api_requests_total", ("route", "/operator/markets/{market}/prices")));
    }
}
