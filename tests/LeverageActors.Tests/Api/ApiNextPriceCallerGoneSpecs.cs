using System.Net;
using LeverageActors.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Api;

/// <summary>
/// A request that reached the oracle executes at its next price though its caller went away while
/// it waited: a caller who could take a trade back by hanging up would hold an option on the price
/// (send, watch the next price, hang up when it is against them; THREATS 1).
/// </summary>
public sealed class ApiNextPriceCallerGoneSpecs : ApiNodeSpec
{
    private const string Market = ApiNextPriceSpecs.Market;
    private readonly CallersGone _gone = new();

    public override async Task InitializeAsync() =>
        Node = await TestNode.StartAsync(Database, new NodeOptions
        {
            Markets = ApiNextPriceSpecs.OneSource,
            NextPrice = true,
            Services = s => s.AddSingleton<IStartupFilter>(_gone),
        });

    [Fact]
    public async Task An_open_whose_caller_hung_up_while_it_waited_executes_at_the_next_price()
    {
        var lp = await ApiNextPriceSpecs.Pool(Node);
        var trader = await Node.NewTrader(deposit: 20_000m);

        await HangUpWhileWaiting(trader, "/positions", new { market = Market, side = "long", collateral = 1_000m, leverage = 10m });
        await ApiNextPriceSpecs.Accepts(Node, 2_010m);

        await Eventually.Holds("the open to have executed at 2,010", async () =>
            (await Json(trader.Get("/positions"))).GetProperty("positions").EnumerateArray()
            .Any(p => p.GetProperty("entryPrice").GetDecimal() == 2_010m));
        await Node.BooksBalance([lp, trader]);
    }

    [Fact]
    public async Task A_close_whose_caller_hung_up_while_it_waited_executes_at_the_next_price()
    {
        var lp = await ApiNextPriceSpecs.Pool(Node);
        var trader = await Node.NewTrader(deposit: 20_000m);
        var id = (await ApiNextPriceSpecs.AtNextPrice(Node, trader.Post("/positions", new { market = Market, side = "long", collateral = 1_000m, leverage = 10m }),
            2_010m, HttpStatusCode.Created)).GetProperty("positionId").GetString();

        await HangUpWhileWaiting(trader, $"/positions/{id}/close");
        await ApiNextPriceSpecs.Accepts(Node, 2_030m);

        await Eventually.Holds("the close to have executed and paid out", async () =>
            await Json(trader.Get($"/positions/{id}")) is var view
            && view.GetProperty("status").GetString() == "closed" && view.GetProperty("pendingSteps").GetInt32() == 0);
        // 20,000 less fees and interest, plus the 1% move on 10,000 of notional.
        Assert.InRange(await trader.FreeBalance(), 20_000m, 20_100m);
        await Node.BooksBalance([lp, trader]);
    }

    [Fact]
    public async Task An_LP_withdrawal_whose_caller_hung_up_while_it_waited_executes_at_the_next_price()
    {
        var lp = await ApiNextPriceSpecs.Pool(Node);
        Assert.Equal(0m, await lp.FreeBalance());

        await HangUpWhileWaiting(lp, $"/pools/{Market}/withdrawals", new { shares = 1_000m });
        await ApiNextPriceSpecs.Accepts(Node, 2_010m);

        await Eventually.Holds("the withdrawal to have executed", async () => await lp.FreeBalance() > 0m);
        await Node.BooksBalance([lp]);
    }

    /// <summary>
    /// Sends the request, waits until it waits at the oracle, hangs up, and waits until the node has
    /// seen the caller go away (before that, a price accepted could reach the request first).
    /// </summary>
    private async Task HangUpWhileWaiting(ApiTrader caller, string path, object? body = null)
    {
        using var hangUp = new CancellationTokenSource();
        var call = caller.Send(HttpMethod.Post, path, body, hangUp: hangUp.Token);
        await ApiNextPriceSpecs.Waiting(Node, 1);
        await hangUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await _gone.Seen(path).WaitAsync(TestNode.Timeout);
    }
}
