using LeverageActors.Actors.Markets;
using LeverageActors.Host.Api.Access;
using LeverageActors.Host.Api.Idempotency;
using LeverageActors.Host.Api.Models;
using LeverageActors.Host.Api.Problems;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LeverageActors.Host.Api.Endpoints;

/// <summary>Accounts: open one (and receive its key), deposit, withdraw, read the balance.</summary>
public static class AccountEndpoints
{
    public static void MapAccounts(this IEndpointRouteBuilder app)
    {
        app.MapPost("/accounts", Create)
            .WithSummary("Open an account; the answer holds its API key, shown this once")
            .Produces<AccountCreated>(StatusCodes.Status201Created);

        var own = app.MapGroup("/accounts/{accountId}").RequireAccountKey();
        own.MapGet("", Get).WithSummary("The caller's balances and pool shares").Produces<AccountView>();
        own.MapPost("/deposits", (HttpContext http, string accountId, TradingGateway gateway) =>
                Move(http, accountId, (amount, request) => new DepositFunds(Caller.Of(http), request, amount, gateway.Now), gateway))
            .WithSummary("Deposit into the free balance").Accepts<AmountRequest>("application/json").Produces<AccountCommandAnswer>();
        own.MapPost("/withdrawals", (HttpContext http, string accountId, TradingGateway gateway) =>
                Move(http, accountId, (amount, request) => new WithdrawFunds(Caller.Of(http), request, amount, gateway.Now), gateway))
            .WithSummary("Withdraw from the free balance").Accepts<AmountRequest>("application/json").Produces<AccountCommandAnswer>();
    }

    private static async Task<IResult> Create(TradingGateway gateway, CancellationToken token)
    {
        var account = ApiKey.NewAccountId();
        var key = ApiKey.New(account);
        var answer = await ApiAnswer.Guard(async () =>
            Replies.Answer(await gateway.Ask(new OpenAccount(account, RequestId.New(), gateway.Now, key.Hash), token)));
        return answer.IsProblem
            ? answer.ToResult()
            : Results.Json(new AccountCreated(account, key.ToString()), ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> Get(HttpContext http, string accountId, TradingGateway gateway, MarketCatalog catalog)
    {
        if (NotCallers(http, accountId) is { } notFound)
            return notFound.ToResult();
        var account = Caller.Of(http);
        var answer = await ApiAnswer.Guard(async () =>
        {
            var reply = await gateway.Ask(new GetAccountBalance(account), http.RequestAborted);
            if (reply is not AccountBalanceResponse balance)
                return Replies.Answer(reply);
            var shares = new List<PoolHolding>();
            foreach (var market in catalog.Markets.Keys)
            {
                var pool = (PoolStateResponse)await gateway.Ask(new GetPoolState(market, null, gateway.Now), http.RequestAborted);
                if (pool.Providers.FirstOrDefault(p => p.Provider == account) is { Shares: > 0 } held)
                    shares.Add(new PoolHolding(market, held.Shares));
            }

            return ApiAnswer.Ok(new AccountView(account, balance.FreeBalance, balance.LockedCollateral, balance.InTransitToPools,
                balance.TotalDeposited, balance.TotalWithdrawn, shares));
        });
        return answer.ToResult();
    }

    private static Task<IResult> Move(HttpContext http, string accountId, Func<decimal, RequestId, IAccountCommand> command, TradingGateway gateway) =>
        NotCallers(http, accountId) is { } notFound
            ? Task.FromResult(notFound.ToResult())
            : Mutations.Run<AmountRequest>(http, async (body, request) =>
                Validation.Amount("amount", body.Amount)
                ?? Replies.Answer(await gateway.Ask(command(body.Amount, request), http.RequestAborted)));

    /// <summary>Another account's path reads as missing: its existence is not the caller's business.</summary>
    public static ApiAnswer? NotCallers(HttpContext http, string accountId) =>
        accountId == Caller.Of(http).Value ? null : ProblemKinds.NotFound.Answer("No such account for this key.");
}
