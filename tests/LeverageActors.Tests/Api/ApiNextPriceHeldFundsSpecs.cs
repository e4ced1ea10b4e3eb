using System.Net;
using Akka.Actor;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Api;

/// <summary>
/// While a request waits for its next price, the funds it will spend are held: a withdrawal, or
/// collateral added to another position, cannot take them. Else a trader could back out of a waiting open or LP deposit by emptying the account
/// once the price is known (or foreseen) to be against them, so that the request fails for want of
/// funds: an option on the price (THREATS 1). The rest of the free balance stays free, and the hold
/// ends with the request.
/// </summary>
public sealed class ApiNextPriceHeldFundsSpecs : ApiNodeSpec
{
    private const string Market = ApiNextPriceSpecs.Market;

    public override async Task InitializeAsync() =>
        Node = await TestNode.StartAsync(Database, new NodeOptions { Markets = ApiNextPriceSpecs.OneSource, NextPrice = true });

    [Fact]
    public async Task A_withdrawal_cannot_take_the_collateral_of_an_open_waiting_for_its_price()
    {
        var lp = await ApiNextPriceSpecs.Pool(Node);
        var trader = await Node.NewTrader(deposit: 3_000m);

        var open = trader.Post("/positions", new { market = Market, side = "long", collateral = 1_500m, leverage = 5m });
        await ApiNextPriceSpecs.Waiting(Node, 1);
        await ProblemAssert.Is(Withdraws(trader, 2_000m), HttpStatusCode.Conflict, "funds-held-for-execution");
        await Json(Withdraws(trader, 1_500m));

        await OpensAtTheNextPriceWithEverything(open, trader, lp);
    }

    [Fact]
    public async Task A_withdrawal_cannot_take_an_LP_deposit_waiting_for_its_price_and_the_hold_ends_with_it()
    {
        var lp = await ApiNextPriceSpecs.Pool(Node);
        var provider = await Node.NewTrader(deposit: 3_000m);

        var deposit = provider.Post($"/pools/{Market}/deposits", new { amount = 2_000m });
        await ApiNextPriceSpecs.Waiting(Node, 1);
        await ProblemAssert.Is(Withdraws(provider, 1_001m), HttpStatusCode.Conflict, "funds-held-for-execution");

        await ApiNextPriceSpecs.Accepts(Node, 2_010m);
        await Json(deposit);
        // Released with its request: what is left is free to leave.
        await Json(Withdraws(provider, 1_000m));
        Assert.Equal(0m, await provider.FreeBalance());
        await Node.BooksBalance([lp, provider]);
    }

    [Fact]
    public async Task Collateral_added_to_another_position_cannot_take_the_collateral_of_an_open_waiting_for_its_price()
    {
        var lp = await ApiNextPriceSpecs.Pool(Node);
        var trader = await Node.NewTrader(deposit: 3_000m);
        var id = (await ApiNextPriceSpecs.AtNextPrice(Node, trader.Post("/positions", new { market = Market, side = "long", collateral = 1_000m, leverage = 5m }),
            2_005m, HttpStatusCode.Created)).GetProperty("positionId").GetString();

        var open = trader.Post("/positions", new { market = Market, side = "long", collateral = 1_500m, leverage = 5m });
        await ApiNextPriceSpecs.Waiting(Node, 1);
        await ProblemAssert.Is(trader.Post($"/positions/{id}/collateral", new { amount = 1_000m }), HttpStatusCode.Conflict, "funds-held-for-execution");
        await Json(trader.Post($"/positions/{id}/collateral", new { amount = 500m }));

        await OpensAtTheNextPriceWithEverything(open, trader, lp);
    }

    [Fact]
    public async Task An_LP_deposit_sent_after_an_open_cannot_take_the_funds_held_for_it()
    {
        var lp = await ApiNextPriceSpecs.Pool(Node);
        var trader = await Node.NewTrader(deposit: 1_000m);

        var open = trader.Post("/positions", new { market = Market, side = "long", collateral = 1_000m, leverage = 5m });
        await ApiNextPriceSpecs.Waiting(Node, 1);
        await ProblemAssert.Is(trader.Post($"/pools/{Market}/deposits", new { amount = 1_000m }),
            HttpStatusCode.Conflict, "funds-held-for-execution");
        await OpensAtTheNextPriceWithEverything(open, trader, lp);
    }

    [Fact]
    public async Task A_request_the_account_cannot_pay_when_it_is_sent_is_refused_then_not_once_its_price_is_known()
    {
        var lp = await ApiNextPriceSpecs.Pool(Node);
        var trader = await Node.NewTrader(deposit: 1_000m);

        // Else a trader could top the account up only when the price suits them.
        await ProblemAssert.Is(trader.Post("/positions", new { market = Market, side = "long", collateral = 1_500m, leverage = 5m }),
            HttpStatusCode.UnprocessableEntity, "insufficient-balance");
        await ProblemAssert.Is(trader.Post($"/pools/{Market}/deposits", new { amount = 1_500m }),
            HttpStatusCode.UnprocessableEntity, "insufficient-balance");
        await ApiNextPriceSpecs.Waiting(Node, 0);
        Assert.Equal(1_000m, await trader.FreeBalance());
        await Node.BooksBalance([lp, trader]);
    }

    [Fact]
    public async Task A_refusal_the_account_gives_whatever_is_held_keeps_its_own_reason()
    {
        var trader = await Node.NewTrader(deposit: 1_000m);
        var now = DateTimeOffset.UtcNow;
        var lease = Guid.NewGuid();
        await Node.Accounts.Ask<ExecutionHeld>(new HoldForExecution(trader.Id, RequestId.From("open-1"), 1_000m, now, now.AddMinutes(1), lease), TestNode.Timeout);
        await Node.Accounts.Ask<AccountCommandAccepted>(new DepositFunds(trader.Id, RequestId.From("deposit-1"), 10m, now), TestNode.Timeout);

        // A key reused for a withdrawal is that, not a withdrawal of held funds; an account that does not exist holds nothing.
        Assert.Equal(RejectionCodes.IdempotencyKeyReused, (await Node.Accounts.Ask<AccountCommandRejected>(
            new WithdrawFunds(trader.Id, RequestId.From("deposit-1"), 500m, now), TestNode.Timeout)).Reason.Code);
        Assert.Equal(RejectionCodes.AccountNotFound, (await Node.Accounts.Ask<AccountCommandRejected>(
            new HoldForExecution(AccountId.From("nobody"), RequestId.From("open-2"), 1m, now, now.AddMinutes(1), Guid.NewGuid()), TestNode.Timeout)).Reason.Code);

        Node.Accounts.Tell(new ReleaseExecutionHold(trader.Id, RequestId.From("open-1"), lease));
        await Eventually.Holds("the released funds to be free to leave", async () =>
            (await trader.Post($"/accounts/{trader.Id}/withdrawals", new { amount = 1_010m })).IsSuccessStatusCode);
        Assert.Equal(0m, await trader.FreeBalance());
        await Node.BooksBalance([trader]);
    }

    /// <summary>
    /// A review: a refusal for a state that passes (funds held, a position busy, a market halted) was kept
    /// for a day under its Idempotency-Key, so a retry with the key got the refusal back long after the
    /// hold ended, while the same key on another node was carried out.
    /// </summary>
    [Fact]
    public async Task A_withdrawal_refused_while_funds_are_held_is_tried_again_by_a_retry_with_its_key_once_the_hold_ends()
    {
        var trader = await Node.NewTrader(deposit: 1_000m);
        var now = DateTimeOffset.UtcNow;
        var lease = Guid.NewGuid();
        await Node.Accounts.Ask<ExecutionHeld>(new HoldForExecution(trader.Id, RequestId.From("open-1"), 1_000m, now, now.AddMinutes(1), lease), TestNode.Timeout);
        await ProblemAssert.Is(trader.Post($"/accounts/{trader.Id}/withdrawals", new { amount = 600m }, "withdraw-1"),
            HttpStatusCode.Conflict, "funds-held-for-execution");

        Node.Accounts.Tell(new ReleaseExecutionHold(trader.Id, RequestId.From("open-1"), lease));
        await Eventually.Holds("a retry with the same key to withdraw once the hold ended", async () =>
            (await trader.Post($"/accounts/{trader.Id}/withdrawals", new { amount = 600m }, "withdraw-1")).IsSuccessStatusCode);
        Assert.Equal(400m, await trader.FreeBalance());
        // Carried out once: a further retry is answered from the first success.
        using var again = await trader.Post($"/accounts/{trader.Id}/withdrawals", new { amount = 600m }, "withdraw-1");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(400m, await trader.FreeBalance());
        await Node.BooksBalance([trader]);
    }

    /// <summary>The waiting open executes at the next price, 2,010, and the account has nothing free left.</summary>
    private async Task OpensAtTheNextPriceWithEverything(Task<HttpResponseMessage> open, ApiTrader trader, ApiTrader lp)
    {
        await ApiNextPriceSpecs.Accepts(Node, 2_010m);
        Assert.Equal(2_010m, (await Json(open, HttpStatusCode.Created)).GetProperty("position").GetProperty("entryPrice").GetDecimal());
        Assert.Equal(0m, await trader.FreeBalance());
        await Node.BooksBalance([lp, trader]);
    }

    private static Task<HttpResponseMessage> Withdraws(ApiTrader trader, decimal amount) =>
        trader.Post($"/accounts/{trader.Id}/withdrawals", new { amount });
}
