using System.Net;
using LeverageActors.Tests.Api;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Cross;

/// <summary>
/// Cross margin over HTTP on a node with <c>Accounts:CrossMargin:Enabled</c> on: <c>isolated: false</c>
/// opens a cross position, <c>GET /accounts/{id}/margin</c> shows its parts, and the new refusals
/// are problem types. With the switch off (the default) a cross open is a validation problem.
/// </summary>
public sealed class ApiCrossMarginSpecs : ApiNodeSpec
{
    public override async Task InitializeAsync() =>
        Node = await TestNode.StartAsync(Database, new NodeOptions { Node = s => s with { CrossMargin = true } });

    [Fact]
    public async Task A_cross_open_shows_in_the_margin_and_the_refusals_are_problem_types()
    {
        await Node.OperatorReports("ETH-USD", 2_000m);
        await Node.OperatorReports("BTC-USD", 50_000m);
        var lp = await Node.NewTrader(deposit: 1_000_000m);
        await lp.Provides("ETH-USD", 1_000_000m);
        var trader = await Node.NewTrader(deposit: 300m);
        await Json(trader.Post($"/accounts/{trader.Id}/deposits", new { asset = "ETH", amount = 1m }));

        // 5,000 of notional (2.5 ETH) on the account's USD and ETH: the fee 2.5 leaves USD.
        var opened = await Json(trader.Post("/positions",
            new { market = "ETH-USD", side = "long", collateral = 500m, leverage = 10m, isolated = false }), HttpStatusCode.Created);
        var position = opened.GetProperty("positionId").GetString()!;
        await Eventually.Holds("the cross open to finish", async () =>
            (await Json(trader.Get($"/positions/{position}"))).GetProperty("status").GetString() == "open");

        var margin = await Json(trader.Get($"/accounts/{trader.Id}/margin"));
        // 297.5 + 1 × 2,000 × 0.90 − 2.5 closing fee (less the interest of the seconds the test takes); 1% of 5,000.
        Assert.InRange(margin.GetProperty("equity").GetDecimal(), 2_094.99m, 2_095m);
        Assert.Equal(50m, margin.GetProperty("maintenanceRequirement").GetDecimal());
        Assert.Equal(100m, margin.GetProperty("initialRequirement").GetDecimal());
        Assert.InRange(margin.GetProperty("freeMargin").GetDecimal(), 297.5m + 1_600m - 2.5m - 100m - 0.01m, 297.5m + 1_600m - 2.5m - 100m);
        Assert.InRange(margin.GetProperty("health").GetDecimal(), 41.899m, 41.9m);
        Assert.Equal(["USD", "ETH"], margin.GetProperty("assets").EnumerateArray().Select(a => a.GetProperty("asset").GetString()));
        var part = Assert.Single(margin.GetProperty("positions").EnumerateArray());
        Assert.Equal(position, part.GetProperty("positionId").GetString());
        Assert.InRange(part.GetProperty("contribution").GetDecimal(), -2.51m, -2.5m);
        var eth = Assert.Single(margin.GetProperty("liquidationMoves").EnumerateArray());
        Assert.Equal("ETH-USD", eth.GetProperty("market").GetString());
        // ETH alone: equity − requirement 2,045 falls by 0.9 (collateral) + 2.5 (the long) − 2.5 × 1.05% = 3.37375 a dollar: at 1,393.85, −30.3%.
        Assert.InRange(eth.GetProperty("liquidationPrice").GetDecimal(), 1_393.84m, 1_393.86m);
        Assert.InRange(eth.GetProperty("move").GetDecimal(), -0.304m, -0.303m);

        await ProblemAssert.Is(trader.Post("/positions", new { market = "ETH-USD", side = "long", collateral = 2_000m, leverage = 50m, isolated = false }),
            HttpStatusCode.UnprocessableEntity, "insufficient-cross-margin");
        // 250 USD may leave (ETH backs the position); then all the ETH would leave 47.5 − 2.5 = 45 < 100.
        await Json(trader.Post($"/accounts/{trader.Id}/withdrawals", new { amount = 250m }));
        await ProblemAssert.Is(trader.Post($"/accounts/{trader.Id}/withdrawals", new { asset = "ETH", amount = 1m }),
            HttpStatusCode.UnprocessableEntity, "withdrawal-breaches-margin");
        await ProblemAssert.Is(trader.Post($"/positions/{position}/collateral", new { amount = 10m }),
            HttpStatusCode.UnprocessableEntity, "cross-position-collateral");
        await Json(trader.Post($"/accounts/{trader.Id}/withdrawals", new { asset = "ETH", amount = 0.5m }));
        await Node.BooksBalance([lp, trader]);
    }

    /// <summary>Next-price execution off: a spend valued at a quote inside the breaker's halt is refused, not paid at the spike.</summary>
    [Fact]
    public async Task A_withdrawal_valued_at_a_price_inside_the_breakers_halt_is_refused()
    {
        await Node.OperatorReports("ETH-USD", 2_000m);
        var lp = await Node.NewTrader(deposit: 1_000_000m);
        await lp.Provides("ETH-USD", 1_000_000m);
        var trader = await Node.NewTrader(deposit: 300m);
        var opened = await Json(trader.Post("/positions",
            new { market = "ETH-USD", side = "long", collateral = 250m, leverage = 10m, isolated = false }), HttpStatusCode.Created);
        var position = opened.GetProperty("positionId").GetString()!;
        await Eventually.Holds("the cross open to finish", async () =>
            (await Json(trader.Get($"/positions/{position}"))).GetProperty("status").GetString() == "open");

        // 2,000 → 2,400 trips the breaker: the long's paper gain of ~500 is no value to take out until the halt ends.
        await Node.OperatorReports("ETH-USD", 2_400m);
        await ProblemAssert.Is(trader.Post($"/accounts/{trader.Id}/withdrawals", new { amount = 50m }), HttpStatusCode.Conflict, "market-halted");
        Assert.Equal(298.75m, await trader.FreeBalance());
        await Node.BooksBalance([lp, trader]);
    }
}

/// <summary>The default node: cross opens are refused until cross accounts can be liquidated.</summary>
public sealed class ApiCrossMarginOffSpecs : ApiNodeSpec
{
    [Fact]
    public async Task A_cross_open_is_a_validation_problem_while_cross_margin_is_off()
    {
        await Node.OperatorReports("ETH-USD", 2_000m);
        var trader = await Node.NewTrader(deposit: 300m);

        await ProblemAssert.Is(trader.Post("/positions", new { market = "ETH-USD", side = "long", collateral = 100m, leverage = 10m, isolated = false }),
            HttpStatusCode.BadRequest, "validation-error");
        Assert.Equal(300m, await trader.FreeBalance());
    }
}
