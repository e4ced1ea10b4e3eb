using LeverageActors.Actors.Markets;
using LeverageActors.Host.Api.Access;
using LeverageActors.Host.Api.Models;
using LeverageActors.Host.Api.Problems;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LeverageActors.Host.Api.Endpoints;

/// <summary>What only the operator may do: feed an oracle over HTTP, halt a market, and hold the liquidators' account's first key.</summary>
public static class OperatorEndpoints
{
    public const int MaxHaltMinutes = 1440;

    public static void MapOperator(this IEndpointRouteBuilder app)
    {
        var markets = app.MapGroup("/operator/markets/{market}").RequireOperatorKey();
        markets.MapGet("", (string market, MarketCatalog catalog) =>
            {
                var (id, unknown) = Validation.Market(catalog, market);
                return (unknown ?? ApiAnswer.Ok(new MarketConfigurationView(id, catalog.Find(id)!, catalog.Oracle(id)!))).ToResult();
            })
            .WithSummary("The market's parameters and its oracle's configuration (sources, quorum, staleness, circuit breaker)")
            .Produces<MarketConfigurationView>();
        // Outside the operator's group: a price source's own key reports here too, for its source alone.
        app.MapGroup("/operator/markets/{market}").RequirePriceFeederKey().MapPost("/prices", ReportPrice)
            .WithSummary("A price source's report to the market's oracle (when prices come over HTTP)")
            .Accepts<PriceReportRequest>("application/json").Produces<PriceReportAnswer>();
        markets.MapPost("/halt", Halt)
            .WithSummary("Refuse new risk in the market for a number of minutes; closes and liquidations go on")
            .Accepts<HaltRequest>("application/json").Produces<HaltAnswer>();
        app.MapGroup("/operator/liquidator").RequireOperatorKey().MapPost("/keys", LiquidatorKey)
            .WithSummary("The first API key of the liquidators' account (Liquidation:Account), which the node opens without one; shown this once")
            .Produces<ApiKeyIssued>(StatusCodes.Status201Created);
    }

    /// <summary>
    /// The node opens the liquidators' account without a key, so its rewards could never leave it and
    /// nobody could fund it with the USD collateral sales need (review). The operator takes its first
    /// key here and then uses the account's own endpoints; once it holds a key this is refused, and a
    /// lost answer is a lost key (a retry is refused too).
    /// </summary>
    private static async Task<IResult> LiquidatorKey(TradingGateway gateway, Node.NodeSettings node, HttpContext http) =>
        await ApiAnswer.Respond(async () =>
        {
            var account = AccountId.From(node.LiquidatorAccount);
            var key = ApiKey.New(account);
            var at = gateway.Now;
            var reply = await gateway.Ask(new GrantFirstApiKey(account, RequestId.New(), key.Hash, at), http.RequestAborted);
            return reply is AccountCommandAccepted
                ? ApiAnswer.Created(new ApiKeyIssued(account, ApiKeyIds.Of(key.Hash), key.ToString(), at))
                : Replies.Answer(reply);
        });

    private static async Task<IResult> ReportPrice(HttpContext http, string market, TradingGateway gateway, MarketCatalog catalog, MarketViews views)
    {
        var (body, malformed) = await RequestBody.Read<PriceReportRequest>(http.Request, http.RequestAborted);
        return await ApiAnswer.Respond(async () =>
        {
            var (id, unknown) = Validation.Market(catalog, market);
            if ((malformed ?? unknown) is { } problem)
                return problem;
            if (PriceFeeder.SourceOf(http) is { } only && body!.Source != only)
                return ProblemKinds.OperatorOnly.Answer($"This key reports for source '{only}' only, not '{body.Source}'.");
            if (body!.Price <= 0 || body.Price > 1_000_000_000m)
                return ProblemKindAnswers.Field("price", "must be positive and at most 1,000,000,000");
            var now = gateway.Now;
            if (body.ObservedAt > now)
                return ProblemKindAnswers.Field("observedAt", "is in the future");
            var answer = (ReportAnswered)await gateway.Ask(
                new ReportPrice(id, body.Source, body.Price, body.ObservedAt ?? now, now), http.RequestAborted);
            return ApiAnswer.Ok(new PriceReportAnswer(id, body.Source, answer.IgnoredBecause is null, answer.IgnoredBecause,
                await views.One(id, http.RequestAborted)));
        });
    }

    private static async Task<IResult> Halt(HttpContext http, string market, TradingGateway gateway, MarketCatalog catalog)
    {
        var (body, malformed) = await RequestBody.Read<HaltRequest>(http.Request, http.RequestAborted);
        return await ApiAnswer.Respond(async () =>
        {
            var (id, unknown) = Validation.Market(catalog, market);
            if ((malformed ?? unknown) is { } problem)
                return problem;
            if (body!.Minutes is < 1 or > MaxHaltMinutes)
                return ProblemKindAnswers.Field("minutes", $"must be 1 to {MaxHaltMinutes}");
            var now = gateway.Now;
            await gateway.Tell(new HaltTrading(id, now.AddMinutes(body.Minutes), now), http.RequestAborted);
            // Asked after the halt through the same region, so the pool answers once it has recorded it.
            var pool = (PoolStateResponse)await gateway.Ask(new GetPoolState(id, null, now) { AllProviders = false }, http.RequestAborted);
            return ApiAnswer.Ok(new HaltAnswer(id, pool.HaltedUntil));
        });
    }
}
