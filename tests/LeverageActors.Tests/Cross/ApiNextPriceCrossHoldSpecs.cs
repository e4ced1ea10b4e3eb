using System.Net;
using System.Text.Json;
using Akka.Actor;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
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

        var opened = await OpenAtTheNextPrice(lp, trader, 0m, open);
        Assert.Equal(2_010m, opened[0].GetProperty("position").GetProperty("entryPrice").GetDecimal());
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

        await OpenAtTheNextPrice(lp, trader, 95m, open);
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

        await OpenAtTheNextPrice(lp, trader, 0m, cross, isolated);
    }

    [Fact]
    public async Task Collateral_added_beside_a_waiting_cross_open_carries_prices_and_leaves_the_open_its_share()
    {
        var lp = await ApiNextPriceSpecs.Pool(Node);
        var trader = await CrossTrader();
        var id = await IsolatedPosition(trader);

        var cross = Opens(trader, 1_000m, 10m);
        await ApiNextPriceSpecs.Waiting(Node, 1);
        await ProblemAssert.Is(trader.Post($"/positions/{id}/collateral", new { amount = 45.01m }), HttpStatusCode.Conflict, "funds-held-for-execution");
        await Json(trader.Post($"/positions/{id}/collateral", new { amount = 40m }));
        await OpenAtTheNextPrice(lp, trader, 5m, cross);

        // With a cross position, the account values itself at the prices the addition carries: the first
        // its markets accept after it was sent.
        var added = trader.Post($"/positions/{id}/collateral", new { amount = 5m });
        await ApiNextPriceSpecs.Waiting(Node, 1);
        await ApiNextPriceSpecs.Accepts(Node, 2_010m);
        await Json(added);
        Assert.Equal(0m, await trader.FreeBalance());
        await Node.BooksBalance([lp, trader]);
    }

    [Fact]
    public async Task Collateral_added_without_prices_beside_a_waiting_cross_open_is_refused_for_good_not_as_stale()
    {
        var lp = await ApiNextPriceSpecs.Pool(Node);
        var trader = await CrossTrader();
        var id = PositionId.From(await IsolatedPosition(trader));

        var cross = Opens(trader, 1_000m, 10m);
        await ApiNextPriceSpecs.Waiting(Node, 1);
        // As a node before the prices were carried sends it. The position records the refusal as the
        // request's outcome, so a stale-price "send it again" could never come true under its id.
        var add = new AddCollateral(id, trader.Id, RequestId.From("add-1"), 10m, DateTimeOffset.UtcNow);
        for (var sent = 0; sent < 2; sent++)
            Assert.Equal(RejectionCodes.WithdrawalBreachesMargin,
                (await Node.Positions.Ask<PositionCommandRejected>(add, TestNode.Timeout)).Reason.Code);

        await OpenAtTheNextPrice(lp, trader, 45m, cross);
    }

    /// <summary>
    /// A review: a withdrawal from an account holding cross positions was judged at the prices of its
    /// request, so a trader who saw the sources move first took margin out at the old price and left
    /// the loss to the pool. It is judged once every market that values the account has a price after it.
    /// </summary>
    [Fact]
    public async Task A_withdrawal_beside_a_cross_position_is_judged_at_the_price_after_it_not_the_one_known_when_sent()
    {
        var (lp, trader) = await CrossLongAt2010With95Left();

        // At 2,010, 0.8 ETH can leave (0.2 ETH and 95 USD still cover the requirement of about 205); at 1,900 the
        // position's loss of about 547 leaves nothing to cover it with.
        await ProblemAssert.Is(await WithdrawnAtTheNextPrice(trader, "ETH", 0.8m, 1_900m), HttpStatusCode.UnprocessableEntity,
            "withdrawal-breaches-margin");
        await Node.BooksBalance([lp, trader]);
    }

    /// <summary>
    /// A review: a spike the breaker halts is no value to spend. An isolated position's collateral
    /// removal is refused in the halt; a withdrawal from a cross account valued at the spike was not.
    /// </summary>
    [Fact]
    public async Task A_withdrawal_beside_a_cross_position_at_a_price_that_trips_the_breaker_is_refused()
    {
        var (lp, trader) = await CrossLongAt2010With95Left();

        // 2,010 → 2,400: the long's paper gain of ~1,940 would cover any withdrawal; the breaker trips at this price.
        await ProblemAssert.Is(await WithdrawnAtTheNextPrice(trader, "USD", 50m, 2_400m), HttpStatusCode.Conflict, "market-halted");
        Assert.Equal(95m, await trader.FreeBalance());
        await Node.BooksBalance([lp, trader]);
    }

    /// <summary>A review of the fact above: collateral added to save an isolated position must work in a halt, as liquidations do.</summary>
    [Fact]
    public async Task Collateral_added_to_an_isolated_position_beside_a_cross_one_goes_in_during_the_halt()
    {
        var lp = await ApiNextPriceSpecs.Pool(Node);
        var trader = await CrossTrader();
        var id = await IsolatedPosition(trader);
        var open = Opens(trader, 1_000m, 10m);
        await ApiNextPriceSpecs.Waiting(Node, 1);
        await OpenAtTheNextPrice(lp, trader, 45m, open);
        await ProblemAssert.Is(await WithdrawnAtTheNextPrice(trader, "USD", 10m, 2_400m), HttpStatusCode.Conflict, "market-halted");

        var added = trader.Post($"/positions/{id}/collateral", new { amount = 20m });
        await ApiNextPriceSpecs.Waiting(Node, 1);
        await ApiNextPriceSpecs.Accepts(Node, 2_395m);
        await Json(added);
        Assert.Equal(25m, await trader.FreeBalance());
        await Node.BooksBalance([lp, trader]);
    }

    /// <summary>
    /// A review of the fact above: USD put into a pool leaves the account's cross margin as a withdrawal
    /// does (shares are not margin), and an LP deposit still read its marks when sent.
    /// </summary>
    [Fact]
    public async Task An_LP_deposit_beside_a_cross_position_is_judged_at_the_price_after_it_too()
    {
        var lp = await ApiNextPriceSpecs.Pool(Node);
        var trader = await Node.NewTrader(deposit: 2_000m);
        var open = Opens(trader, 1_000m, 10m);
        await ApiNextPriceSpecs.Waiting(Node, 1);
        await OpenAtTheNextPrice(lp, trader, 1_995m, open);

        // 1,700 into the pool leaves 295 of USD: above the requirement of about 205 at 2,010, far below it
        // once the long's loss at 1,900 (about 547) counts.
        var deposit = trader.Post($"/pools/{Market}/deposits", new { amount = 1_700m });
        await ApiNextPriceSpecs.Waiting(Node, 1);
        await ApiNextPriceSpecs.Accepts(Node, 1_900m);

        await ProblemAssert.Is(deposit, HttpStatusCode.UnprocessableEntity, "withdrawal-breaches-margin");
        await Node.BooksBalance([lp, trader]);
    }

    /// <summary>
    /// A review again: an isolated open locks USD out of the cross margin as a deposit does, and read the
    /// other markets' marks after its own market's price only: a cross long on BTC was valued at BTC's
    /// price from before the request.
    /// </summary>
    [Fact]
    public async Task An_isolated_open_beside_a_cross_position_in_another_market_is_judged_at_that_markets_price_after_it()
    {
        var (lp, btcLp) = await EthAndBtcPools();
        var trader = await Node.NewTrader(deposit: 2_000m);
        await AtBtcNextPrice(trader.Post("/positions", new { market = Btc, side = "long", collateral = 1_000m, leverage = 10m, isolated = false }),
            50_000m, HttpStatusCode.Created);
        await Eventually.Holds("the cross open's fee taken", async () => await trader.FreeBalance() == 1_995m);

        // 1,700 locked for an ETH short leaves 295 of USD: enough at 50,000 (a requirement of about 205),
        // not once the BTC long's loss at 47,500 (500) counts.
        var isolated = trader.Post("/positions", new { market = Market, side = "short", collateral = 1_700m, leverage = 2m });
        await ProblemAssert.Is(AtBtcNextPrice(isolated, 47_500m, HttpStatusCode.UnprocessableEntity), HttpStatusCode.UnprocessableEntity,
            "withdrawal-breaches-margin");
        await Node.BooksBalance([lp, btcLp, trader]);
    }

    /// <summary>
    /// A review: an account with no cross position yet is valued by its assets all the same, and a
    /// market the account has no position in was not checked for a halt. Its spike is no mark at all.
    /// </summary>
    [Fact]
    public async Task A_first_cross_open_from_an_account_holding_ETH_is_not_valued_at_ETHs_halted_spike()
    {
        var (lp, btcLp) = await EthAndBtcPools();
        var trader = await CrossTrader();
        // 2,000 → 2,400 trips ETH's breaker: the account's 1,700 of initial equity would read 2,020 at the spike.
        await ApiNextPriceSpecs.Accepts(Node, 2_400m);

        // 90,000 of BTC notional needs about 1,890; an isolated BTC open, which cross margin does not value, goes on.
        await ProblemAssert.Is(trader.Post("/positions", new { market = Btc, side = "long", collateral = 1_800m, leverage = 50m, isolated = false }),
            HttpStatusCode.Conflict, "market-halted");
        await AtBtcNextPrice(trader.Post("/positions", new { market = Btc, side = "long", collateral = 50m, leverage = 2m }), 50_010m,
            HttpStatusCode.Created);
        Assert.Equal(50m, await trader.FreeBalance());
        await Node.BooksBalance([lp, btcLp, trader]);
    }

    private const string Btc = "BTC-USD";

    /// <summary>ETH-USD's pool at 2,000 and BTC-USD's, 1,000,000 each, BTC at 50,000.</summary>
    private async Task<(ApiTrader Lp, ApiTrader BtcLp)> EthAndBtcPools()
    {
        var lp = await ApiNextPriceSpecs.Pool(Node);
        await Node.OperatorReports(Btc, 50_000m);
        var btcLp = await Node.NewTrader(deposit: 1_000_000m);
        await AtBtcNextPrice(btcLp.Post($"/pools/{Btc}/deposits", new { amount = 1_000_000m }), 50_000m);
        return (lp, btcLp);
    }

    /// <summary>A cross trader's 10x long of 1,000 opened at 2,010, with 95 USD left beside its ETH.</summary>
    private async Task<(ApiTrader Lp, ApiTrader Trader)> CrossLongAt2010With95Left()
    {
        var lp = await ApiNextPriceSpecs.Pool(Node);
        var trader = await CrossTrader();
        var open = Opens(trader, 1_000m, 10m);
        await ApiNextPriceSpecs.Waiting(Node, 1);
        await OpenAtTheNextPrice(lp, trader, 95m, open);
        return (lp, trader);
    }

    /// <summary>A withdrawal sent, then the oracle's next price at <paramref name="price"/>: its answer.</summary>
    private async Task<HttpResponseMessage> WithdrawnAtTheNextPrice(ApiTrader trader, string asset, decimal amount, decimal price)
    {
        var withdrawal = Withdraws(trader, asset, amount);
        await ApiNextPriceSpecs.Waiting(Node, 1);
        await ApiNextPriceSpecs.Accepts(Node, price);
        return await withdrawal;
    }

    /// <summary>The call, answered once it waits at BTC's oracle and two of BTC's sources report <paramref name="price"/>.</summary>
    private async Task<HttpResponseMessage> AtBtcNextPrice(Task<HttpResponseMessage> call, decimal price, HttpStatusCode expected = HttpStatusCode.OK)
    {
        await Eventually.Holds($"a request waiting for {Btc}'s next price", async () =>
            (await Node.Oracles.Ask<Messages.Oracles.NextPriceQueue>(new Messages.Oracles.GetNextPriceQueue(MarketId.From(Btc)), TestNode.Timeout)).Waiting == 1);
        await Node.OperatorReports(Btc, price);
        var answered = await call;
        Assert.Equal(expected, answered.StatusCode);
        return answered;
    }

    /// <summary>An isolated long of 50 at 5×, opened at 2,005: the trader has 50 USD and 1 ETH left.</summary>
    private async Task<string> IsolatedPosition(ApiTrader trader) =>
        (await ApiNextPriceSpecs.AtNextPrice(Node, trader.Post("/positions", new { market = Market, side = "long", collateral = 50m, leverage = 5m }),
            2_005m, HttpStatusCode.Created)).GetProperty("positionId").GetString()!;

    /// <summary>The waiting opens execute at the next price, 2,010, leaving the trader <paramref name="free"/> USD, and the books balance.</summary>
    private async Task<List<JsonElement>> OpenAtTheNextPrice(ApiTrader lp, ApiTrader trader, decimal free, params Task<HttpResponseMessage>[] opens)
    {
        await ApiNextPriceSpecs.Accepts(Node, 2_010m);
        var opened = new List<JsonElement>();
        foreach (var open in opens)
            opened.Add(await Json(open, HttpStatusCode.Created));
        // A cross open's account steps (its fee taken, its admission confirmed) may follow its answer.
        await Eventually.Holds("the opens to finish", async () => await trader.FreeBalance() == free);
        await Node.BooksBalance([lp, trader]);
        return opened;
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
