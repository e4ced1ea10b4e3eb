using System.Net;
using LeverageActors.Tests.Api;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Cross;

/// <summary>
/// A cross open waiting for its next price holds its fee in USD and the cross equity its admission
/// needs: neither a withdrawal of USD nor one of an asset (which takes no USD but lowers the
/// equity) can leave the account unable to admit it once the price is known to be against the
/// trader (THREATS 1), and an open the account cannot carry when it is sent is refused then.
/// </summary>
public sealed class ApiNextPriceCrossHoldSpecs : ApiNodeSpec
{
    private const string Market = ApiNextPriceSpecs.Market;

    public override async Task InitializeAsync() =>
        Node = await TestNode.StartAsync(Database, new NodeOptions
        {
            Markets = ApiNextPriceSpecs.OneSource,
            NextPrice = true,
            Node = s => s with { CrossMargin = true },
        });

    [Fact]
    public async Task Neither_USD_nor_an_asset_can_leave_what_a_waiting_cross_open_needs()
    {
        var lp = await ApiNextPriceSpecs.Pool(Node);
        var trader = await CrossTrader();

        // 10,000 of notional: the fee 5 in USD, and 5 + 200 (2%) + 5 (closing fee) = 210 of equity.
        var open = trader.Post("/positions", new { market = Market, side = "long", collateral = 1_000m, leverage = 10m, isolated = false });
        await ApiNextPriceSpecs.Waiting(Node, 1);
        await ProblemAssert.Is(Withdraws(trader, "ETH", 1m), HttpStatusCode.Conflict, "funds-held-for-execution");
        await ProblemAssert.Is(Withdraws(trader, "USD", 100m), HttpStatusCode.Conflict, "funds-held-for-execution");
        await Json(Withdraws(trader, "USD", 95m));
        await Json(Withdraws(trader, "ETH", 0.5m));

        await ApiNextPriceSpecs.Accepts(Node, 2_010m);
        Assert.Equal(2_010m, (await Json(open, HttpStatusCode.Created)).GetProperty("position").GetProperty("entryPrice").GetDecimal());
        await Eventually.Holds("the cross open to finish", async () => await trader.FreeBalance() == 0m);
        await Node.BooksBalance([lp, trader]);
    }

    [Fact]
    public async Task A_cross_open_the_account_cannot_carry_when_it_is_sent_is_refused_then_not_once_its_price_is_known()
    {
        var lp = await ApiNextPriceSpecs.Pool(Node);
        var trader = await CrossTrader();

        // Else a trader could add equity only when the price suits them. 100,000 of notional needs 2,100 of the 1,700.
        await ProblemAssert.Is(Opens(trader, 2_000m, 50m), HttpStatusCode.UnprocessableEntity, "insufficient-cross-margin");
        // One the position would refuse is refused with its reason, without waiting for a price.
        await ProblemAssert.Is(Opens(trader, 1_000m, 50.5m), HttpStatusCode.BadRequest, "leverage-out-of-range");
        var open = Opens(trader, 1_000m, 10m);
        await ApiNextPriceSpecs.Waiting(Node, 1);
        // 80,000 of notional needs 1,680: it fits alone, not after the 210 held for the open before it.
        await ProblemAssert.Is(Opens(trader, 1_600m, 50m), HttpStatusCode.Conflict, "funds-held-for-execution");
        await ApiNextPriceSpecs.Waiting(Node, 1);

        await ApiNextPriceSpecs.Accepts(Node, 2_010m);
        await Json(open, HttpStatusCode.Created);
        await Eventually.Holds("the cross open to finish", async () => await trader.FreeBalance() == 95m);
        await Node.BooksBalance([lp, trader]);
    }

    [Fact]
    public async Task An_isolated_open_beside_a_waiting_cross_open_leaves_it_its_fee_and_both_open()
    {
        var lp = await ApiNextPriceSpecs.Pool(Node);
        var trader = await CrossTrader();

        var cross = Opens(trader, 1_000m, 10m);
        await ApiNextPriceSpecs.Waiting(Node, 1);
        // The account holds ETH, so cross margin values the isolated open's hold too, at prices the API fetches when asked for them.
        await ProblemAssert.Is(trader.Post("/positions", new { market = Market, side = "short", collateral = 95.01m, leverage = 5m }),
            HttpStatusCode.Conflict, "funds-held-for-execution");
        var isolated = trader.Post("/positions", new { market = Market, side = "short", collateral = 95m, leverage = 5m });
        await ApiNextPriceSpecs.Waiting(Node, 2);

        await ApiNextPriceSpecs.Accepts(Node, 2_010m);
        await Json(cross, HttpStatusCode.Created);
        await Json(isolated, HttpStatusCode.Created);
        await Eventually.Holds("both opens to finish", async () => await trader.FreeBalance() == 0m);
        await Node.BooksBalance([lp, trader]);
    }

    [Fact]
    public async Task Collateral_added_without_prices_beside_a_waiting_cross_open_is_refused_for_good_not_as_stale()
    {
        var lp = await ApiNextPriceSpecs.Pool(Node);
        var trader = await CrossTrader();
        var id = (await ApiNextPriceSpecs.AtNextPrice(Node, trader.Post("/positions", new { market = Market, side = "long", collateral = 50m, leverage = 5m }),
            2_005m, HttpStatusCode.Created)).GetProperty("positionId").GetString();

        var cross = Opens(trader, 1_000m, 10m);
        await ApiNextPriceSpecs.Waiting(Node, 1);
        // The position records the refusal as the request's outcome: a 503 "send it again" could never come true under its key.
        var key = Guid.NewGuid().ToString("N");
        await ProblemAssert.Is(trader.Post($"/positions/{id}/collateral", new { amount = 10m }, key),
            HttpStatusCode.UnprocessableEntity, "withdrawal-breaches-margin");
        await ProblemAssert.Is(trader.Post($"/positions/{id}/collateral", new { amount = 10m }, key),
            HttpStatusCode.UnprocessableEntity, "withdrawal-breaches-margin");

        await ApiNextPriceSpecs.Accepts(Node, 2_010m);
        await Json(cross, HttpStatusCode.Created);
        await Eventually.Holds("the cross open to finish", async () => await trader.FreeBalance() == 45m);
        await Node.BooksBalance([lp, trader]);
    }

    /// <summary>100 USD and 1 ETH: 1,700 of initial equity at 2,000 (ETH's initial weight is 0.8).</summary>
    private async Task<ApiTrader> CrossTrader()
    {
        var trader = await Node.NewTrader(deposit: 100m);
        await Json(trader.Post($"/accounts/{trader.Id}/deposits", new { asset = "ETH", amount = 1m }));
        return trader;
    }

    private static Task<HttpResponseMessage> Opens(ApiTrader trader, decimal collateral, decimal leverage) =>
        trader.Post("/positions", new { market = Market, side = "long", collateral, leverage, isolated = false });

    private static Task<HttpResponseMessage> Withdraws(ApiTrader trader, string asset, decimal amount) =>
        trader.Post($"/accounts/{trader.Id}/withdrawals", asset == "USD" ? new { amount } : (object)new { asset, amount });
}
