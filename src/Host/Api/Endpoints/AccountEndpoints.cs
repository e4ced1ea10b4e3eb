using LeverageActors.Actors.Markets;
using LeverageActors.Host.Api.Access;
using LeverageActors.Host.Api.Idempotency;
using LeverageActors.Host.Api.Models;
using LeverageActors.Host.Api.Problems;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Assets;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LeverageActors.Host.Api.Endpoints;

/// <summary>Accounts: open one (and receive its key), deposit, withdraw, read the balance; its keys (<see cref="AccountKeyEndpoints"/>).</summary>
public static class AccountEndpoints
{
    public static void MapAccounts(this IEndpointRouteBuilder app)
    {
        app.MapPost("/accounts", Create)
            .RequireRateLimiting(ClientRateLimit.OpenAccount)
            .WithSummary("Open an account; the answer holds its API key, shown this once")
            .Produces<AccountCreated>(StatusCodes.Status201Created);

        var own = app.MapGroup("/accounts/{accountId}").RequireAccountKey();
        own.MapGet("", Get).WithSummary("The caller's balances per asset and pool shares").Produces<AccountView>();
        own.MapPost("/deposits", (HttpContext http, string accountId, TradingGateway gateway, MarketCatalog catalog) =>
                Move(http, accountId, catalog, (asset, amount, request) => Task.FromResult<(IAccountCommand?, ApiAnswer?)>((asset == AssetId.Usd
                    ? new DepositFunds(Caller.Of(http), request, amount, gateway.Now)
                    : new DepositAsset(Caller.Of(http), request, asset, amount, gateway.Now), null)), gateway))
            .WithSummary("Deposit an asset (USD when left out) into its balance").Accepts<AssetAmountRequest>("application/json")
            .Produces<AccountCommandAnswer>();
        // Every withdrawal carries the marks: an account holding cross positions is valued at them, and refuses without them.
        own.MapPost("/withdrawals", (HttpContext http, string accountId, TradingGateway gateway, MarketCatalog catalog, MarketQuotes quotes) =>
                Move(http, accountId, catalog, async (asset, amount, request) =>
                {
                    var (marks, stale) = await quotes.MarksForSpend(Caller.Of(http), http.RequestAborted);
                    // A retry whose first try went through is answered from the account's record, not "nothing was done".
                    if (stale is not null && !await quotes.Recorded(Caller.Of(http), request))
                        return (null, stale);
                    return (asset == AssetId.Usd
                            ? new WithdrawFunds(Caller.Of(http), request, amount, gateway.Now) { Marks = marks }
                            : new WithdrawAsset(Caller.Of(http), request, asset, amount, gateway.Now) { Marks = marks }, null);
                }, gateway))
            .WithSummary("Withdraw an asset (USD when left out) from its balance").Accepts<AssetAmountRequest>("application/json")
            .Produces<AccountCommandAnswer>();
        own.MapAccountKeys();
        own.MapGet("/margin", Margin)
            .WithSummary("The account's cross margin at the latest prices: equity, requirements, health, each part, liquidation prices")
            .Produces<CrossMarginView>();
    }

    private static async Task<IResult> Margin(HttpContext http, string accountId, TradingGateway gateway, MarketQuotes quotes) =>
        NotCallers(http, accountId) is { } notFound
            ? notFound.ToResult()
            : (await ApiAnswer.Guard(async () =>
                Replies.Answer(await gateway.Ask(new GetCrossMargin(Caller.Of(http), await quotes.Marks(http.RequestAborted)), http.RequestAborted))))
            .ToResult();

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
                var pool = (PoolStateResponse)await gateway.Ask(new GetPoolState(market, null, gateway.Now) { AllProviders = false, Provider = account }, http.RequestAborted);
                if (pool.Providers.FirstOrDefault(p => p.Provider == account) is { Shares: > 0 } held)
                    shares.Add(new PoolHolding(market, held.Shares));
            }

            return ApiAnswer.Ok(new AccountView(account, balance.FreeBalance, balance.LockedCollateral, balance.InTransitToPools,
                balance.TotalDeposited, balance.TotalWithdrawn, shares, Balances(balance, catalog)));
        });
        return answer.ToResult();
    }

    /// <summary>USD, then every collateral asset of the catalog, held or not.</summary>
    private static List<AssetBalanceView> Balances(AccountBalanceResponse balance, MarketCatalog catalog)
    {
        var usd = CollateralParameters.Settlement;
        List<AssetBalanceView> balances =
            [new(AssetId.Usd, balance.FreeBalance, balance.TotalDeposited, balance.TotalWithdrawn, usd.InitialWeight, usd.MaintenanceWeight)];
        foreach (var asset in catalog.Collateral.All)
        {
            var held = balance.Assets?.FirstOrDefault(a => a.Asset == asset.Asset);
            balances.Add(new(asset.Asset, held?.Balance ?? 0m, held?.TotalDeposited ?? 0m, held?.TotalWithdrawn ?? 0m,
                asset.Parameters.InitialWeight, asset.Parameters.MaintenanceWeight));
        }

        return balances;
    }

    private static Task<IResult> Move(HttpContext http, string accountId, MarketCatalog catalog,
        Func<AssetId, decimal, RequestId, Task<(IAccountCommand? Command, ApiAnswer? Problem)>> command, TradingGateway gateway) =>
        NotCallers(http, accountId) is { } notFound
            ? Task.FromResult(notFound.ToResult())
            : Mutations.Run<AssetAmountRequest>(http, async (body, request) =>
            {
                var (asset, unknown) = Validation.Asset(catalog, body.Asset);
                if ((Validation.Amount("amount", body.Amount) ?? unknown) is { } invalid)
                    return invalid;
                var (made, problem) = await command(asset, body.Amount, request);
                return problem ?? Replies.Answer(await gateway.Ask(made!, http.RequestAborted));
            });

    /// <summary>Another account's path reads as missing: its existence is not the caller's business.</summary>
    public static ApiAnswer? NotCallers(HttpContext http, string accountId) =>
        accountId == Caller.Of(http).Value ? null : ProblemKinds.NotFound.Answer("No such account for this key.");
}
