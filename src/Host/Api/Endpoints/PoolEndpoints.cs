using LeverageActors.Actors.Markets;
using LeverageActors.Host.Api.Access;
using LeverageActors.Host.Api.Idempotency;
using LeverageActors.Host.Api.Models;
using LeverageActors.Host.Api.Problems;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Pools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LeverageActors.Host.Api.Endpoints;

/// <summary>Liquidity pools: their public state, and LP deposits and withdrawals.</summary>
public static class PoolEndpoints
{
    public static void MapPools(this IEndpointRouteBuilder app)
    {
        app.MapGet("/pools/{market}", State).WithSummary("A pool's assets, reservations, rates, share price and insurance fund")
            .Produces<PoolView>();

        var lp = app.MapGroup("/pools/{market}").RequireAccountKey();
        lp.MapPost("/deposits", (HttpContext http, string market, TradingGateway gateway, MarketQuotes quotes, MarketCatalog catalog, PoolChecks checks) =>
                Mutations.Run<AmountRequest>(http, async (body, request) =>
                {
                    // USD leaving a cross account for a pool is valued like a withdrawal, at marks after the request.
                    return await Liquidity(http, catalog, quotes, gateway, checks, market,
                        (request, body.Amount, () => quotes.MarksForSpend(Caller.Of(http), http.RequestAborted)),
                        Validation.Amount("amount", body.Amount),
                        (m, price) => new CheckLiquidityRequest(m, Caller.Of(http), body.Amount, null, price, gateway.Now),
                        (m, price, execution, marks) => new ProvideLiquidity(Caller.Of(http), request, m, body.Amount, price, gateway.Now)
                            { Marks = marks, Execution = execution },
                        // Shares priced at a spike would be another LP's loss once it reverts.
                        haltRefuses: true);
                }))
            .WithSummary("Provide liquidity from the free balance for pool shares")
            .Accepts<AmountRequest>("application/json").Produces<LiquidityMoveAnswer>();
        lp.MapPost("/withdrawals", (HttpContext http, string market, TradingGateway gateway, MarketQuotes quotes, MarketCatalog catalog, PoolChecks checks) =>
                Mutations.Run<SharesRequest>(http, (body, request) => Liquidity(http, catalog, quotes, gateway, checks, market, (request, 0m, null),
                    Validation.Shares(body.Shares),
                    (m, price) => new CheckLiquidityRequest(m, Caller.Of(http), null, body.Shares, price, gateway.Now),
                    (m, price, execution, _) => new WithdrawLiquidity(Caller.Of(http), request, m, body.Shares, price, gateway.Now) { Execution = execution },
                    haltRefuses: true)))
            .WithSummary("Redeem pool shares into the free balance")
            .Accepts<SharesRequest>("application/json").Produces<LiquidityMoveAnswer>();
    }

    /// <summary>
    /// An LP move at the price next-price execution gives (<see cref="MarketQuotes.ToExecute"/>). The pool is asked first whether it would accept the move
    /// (withdrawals paused, a first deposit below the minimum, a mint that rounds to a loss, ...): a
    /// refusal then moves no money and persists nothing. A refusal that only arises between the
    /// check and the move is still undone by the saga.
    /// </summary>
    private static async Task<ApiAnswer> Liquidity(HttpContext http, MarketCatalog catalog, MarketQuotes quotes, TradingGateway gateway,
        PoolChecks checks, string name, (Messages.Ids.RequestId Id, decimal Spends, Func<Task<(IReadOnlyList<MarketMark>? Marks, ApiAnswer? Problem)>>? Marks) request,
        ApiAnswer? invalid, Func<Messages.Ids.MarketId, decimal, CheckLiquidityRequest> check,
        Func<Messages.Ids.MarketId, decimal, Messages.Common.Execution?, IReadOnlyList<MarketMark>?, IAccountCommand> command, bool haltRefuses = false)
    {
        var (market, unknown) = Validation.Market(catalog, name);
        if ((unknown ?? invalid) is { } problem)
            return problem;
        // A retry whose first try went through (its answer lost with a node, or a 504) is answered
        // from the account's record: judged again now, it could be refused (withdrawals paused since,
        // the shares already redeemed) and the client would move the money a second time under a new key.
        // The account answers a recorded request without reading its price.
        // Asked again before any refusal: a try on another node may have gone through meanwhile (during
        // the wait for marks or for the price), and spent the balance or the shares this one is refused for.
        async Task<ApiAnswer?> Retried() => await quotes.Recorded(Caller.Of(http), request.Id)
            ? Replies.Answer(await gateway.Ask(command(market, 0m, null, null), MarketQuotes.Executing))
            : null;
        if (await Retried() is { } recorded)
            return recorded;
        var (marks, unpriced) = request.Marks is null ? (null, null) : await request.Marks();
        if (unpriced is not null)
            return await Retried() ?? unpriced;
        var (held, unpaid) = await quotes.Hold(Caller.Of(http), request.Id, request.Spends, market, marks: marks);
        await using var _ = held;
        if (unpaid is not null)
            return await Retried() ?? unpaid;
        var (execution, stale) = await quotes.ToExecute(market, haltRefuses);
        if (stale is not null)
            return await Retried() ?? stale;
        var price = execution!.Price;
        var answer = await checks.Ask(market, () => gateway.Ask(check(market, price), MarketQuotes.Executing));
        if (answer is null)
            return await Retried() ?? ProblemKinds.PoolBusy.Answer($"Other LP requests of {market} are being checked; nothing was done: retry.");
        if (answer is LiquidityRequestChecked { Refusal: { } refused })
            return await Retried() ?? ProblemKinds.Of(refused);
        // Decided at the marks after its own price, as an open is: the ones the hold was judged at may be a whole wait older.
        var (decideAt, halted) = marks is null ? (null, null) : await quotes.UnhaltedMarks(Caller.Of(http), MarketQuotes.Executing);
        if (halted is not null)
            return await Retried() ?? halted;
        return Replies.Answer(await held.Answer(gateway.Ask(command(market, price, execution.Execution, decideAt), MarketQuotes.Executing)));
    }

    private static async Task<IResult> State(HttpContext http, string market, PoolViews pools, MarketQuotes quotes, MarketCatalog catalog) =>
        await ApiAnswer.Respond(async () =>
        {
            var (id, unknown) = Validation.Market(catalog, market);
            if (unknown is not null)
                return unknown;
            var quote = await quotes.Quote(id, http.RequestAborted);
            var price = quote.Stale ? null : quote.Price;
            var s = await pools.At(id, price, http.RequestAborted);
            return ApiAnswer.Ok(new PoolView(s.Market, s.IsOpen, s.Assets, s.Reserved, s.Utilization, s.BorrowRate, s.SupplyRate,
                s.BorrowIndex, s.PoolValue, s.TotalShares, s.LockedShares, s.SharePrice, s.InsuranceFund, s.ProtocolFees, s.BadDebt,
                s.HaltedUntil, s.OpenBreaches, s.LongOpenInterest, s.ShortOpenInterest, price, s.At));
        });
}
