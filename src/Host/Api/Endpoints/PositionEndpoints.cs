using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Positions;
using LeverageActors.Host.Api.Access;
using LeverageActors.Host.Api.Idempotency;
using LeverageActors.Host.Api.Models;
using LeverageActors.Host.Api.Problems;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LeverageActors.Host.Api.Endpoints;

/// <summary>The caller's positions: open, change, close, read, and their history.</summary>
public static class PositionEndpoints
{
    /// <summary>Finer fractions would leave positions of no size open, or change nothing at all.</summary>
    private const int FractionPlaces = 6;

    public static void MapPositions(this IEndpointRouteBuilder app)
    {
        var positions = app.MapGroup("/positions").RequireAccountKey();
        positions.MapPost("", Open).WithSummary("Open an isolated (or, with isolated false, a cross) leveraged position at the oracle price")
            .Accepts<OpenPositionRequest>("application/json").Produces<PositionCommandAnswer>(StatusCodes.Status201Created);
        positions.MapGet("", List)
            .WithSummary($"The caller's positions, newest first, valued at the latest prices: at most `limit` ({PositionListPage.DefaultPage}, up to {PositionListPage.MaxPage}) of those before place `before` (a page's `next`)")
            .Produces<PositionList>();
        positions.MapGet("/{positionId}", Get).WithSummary("One position, valued at the latest price").Produces<PositionView>();
        positions.MapGet("/{positionId}/history", History)
            .WithSummary($"The position's journal events after sequence number `after` (0), at most `limit` ({PositionHistory.DefaultPage}, up to {PositionHistory.MaxPage}) of them")
            .Produces<IReadOnlyList<HistoryEntry>>();

        positions.MapPost("/{positionId}/collateral", (HttpContext http, string positionId, PositionCommands commands, MarketQuotes quotes,
                Node.NodeSettings node) =>
                Mutations.Run<AmountRequest>(http, async (body, request) =>
                {
                    if (Validation.Amount("amount", body.Amount) is { } invalid)
                        return invalid;
                    // Collateral leaving an account cross margin decides for is valued like a withdrawal; it saves a position, so a halt does not stop it.
                    var (marks, stale) = node.CrossMargin ? await quotes.MarksForSpend(Caller.Of(http), http.RequestAborted, haltRefuses: false) : (null, null);
                    // A retry whose first try went through is answered from the position's record, not "nothing was done".
                    if (stale is not null && !(IdRules.IsValid(positionId) && await commands.Recorded(PositionId.From(positionId), request)))
                        return stale;
                    return await commands.Act(http, positionId, (view, price) =>
                        new AddCollateral(view.PositionId, view.AccountId, request, body.Amount, commands.Now) { Marks = marks }, needsPrice: false);
                }))
            .WithSummary("Add collateral from the free balance").Accepts<AmountRequest>("application/json").Produces<PositionCommandAnswer>();
        positions.MapPost("/{positionId}/collateral/withdrawals", (HttpContext http, string positionId, PositionCommands commands) =>
                Mutations.Run<AmountRequest>(http, (body, request) => commands.Act(http, positionId, (view, price, margin) =>
                    Validation.Amount("amount", body.Amount) is { } invalid
                        ? invalid
                        : new RemoveCollateral(view.PositionId, view.AccountId, request, body.Amount, price, commands.Now)
                            { InitialMarginRate = margin?.Initial }, executes: true, haltRefuses: true)))
            .WithSummary("Take collateral back while above initial margin").Accepts<AmountRequest>("application/json").Produces<PositionCommandAnswer>();
        positions.MapPost("/{positionId}/decrease", (HttpContext http, string positionId, PositionCommands commands) =>
                Mutations.Run<FractionRequest>(http, (body, request) => commands.Act(http, positionId, (view, price) =>
                    body.Fraction is <= 0 or >= 1 || decimal.Round(body.Fraction, FractionPlaces) != body.Fraction
                        ? ProblemKindAnswers.Field("fraction", $"must be above 0 and below 1 with at most {FractionPlaces} decimal places; close the position to close all of it")
                        : new DecreasePosition(view.PositionId, view.AccountId, request, body.Fraction, price, commands.Now), executes: true)))
            .WithSummary("Close part of the position at the oracle price").Accepts<FractionRequest>("application/json").Produces<PositionCommandAnswer>();
        positions.MapPost("/{positionId}/close", (HttpContext http, string positionId, PositionCommands commands) =>
                Mutations.Run(http, "", request => commands.Act(http, positionId, (view, price) =>
                    new ClosePosition(view.PositionId, view.AccountId, request, price, commands.Now), executes: true)))
            .WithSummary("Close the whole position at the oracle price").Produces<PositionCommandAnswer>();
    }

    private static Task<IResult> Open(HttpContext http, TradingGateway gateway, MarketQuotes quotes, MarketCatalog catalog, Node.NodeSettings node,
        PositionCommands commands) =>
        Mutations.Run<OpenPositionRequest>(http, async (body, request) =>
        {
            if (!body.Isolated && !node.CrossMargin)
                return ProblemKindAnswers.Field("isolated",
                    "cross margin is off on this node (Accounts:CrossMargin:Enabled): cross accounts are not liquidated yet");
            var (market, unknown) = Validation.Market(catalog, body.Market);
            if (unknown is not null)
                return unknown;
            if (Validation.Amount("collateral", body.Collateral) is { } invalid)
                return invalid;
            if (body.Leverage <= 0)
                return ProblemKindAnswers.Field("leverage", "must be positive");
            // The position id follows from the request id, so a retry with the same key finds the same position.
            var position = PositionId.From("p" + request.Value);
            // A cross open locks nothing of its own: it holds its fee and the cross equity its admission needs.
            var (cross, unfit) = body.Isolated ? (null, null) : CrossOpenHold.For(market, catalog.Find(market), body.Collateral, body.Leverage);
            if (unfit is not null)
                return ProblemKinds.Of(unfit);
            // An open spends from the account: one holding cross positions is judged at prices after the request.
            var (marks, unpriced) = node.CrossMargin ? await quotes.MarksForSpend(Caller.Of(http), http.RequestAborted, admitsCross: !body.Isolated) : (null, null);
            if (unpriced is not null)
                return await FromRecordOr(unpriced);
            if (cross is not null && node.CrossMargin)
            {
                // Held at the rate the admission will take: the dynamic margin's, where higher than the market's own.
                marks ??= await quotes.Marks(MarketQuotes.Executing);
                cross = CrossOpenHold.For(market, catalog.Find(market), body.Collateral, body.Leverage,
                    Actors.Accounts.CrossMargin.Mark(marks, market)?.Margin?.Initial).Hold;
            }

            var (held, unpaid) = cross is { } needs
                ? await quotes.Hold(Caller.Of(http), request, needs.Fee, market, opens: position, crossMargin: needs.Margin, marks: marks,
                    side: body.Side, leverage: body.Leverage)
                : await quotes.Hold(Caller.Of(http), request, body.Collateral, market, opens: position, marks: marks,
                    side: body.Side, leverage: body.Leverage);
            await using var _ = held;
            if (unpaid is not null)
                return unpaid;
            var (execution, stale) = await quotes.ToExecute(market, haltRefuses: true);
            // Cross or not is a term of the request: a retry answered from the record carries it too (a review).
            OpenPosition Asked(decimal price) =>
                new(position, Caller.Of(http), request, market, body.Side, body.Collateral, body.Leverage, price, gateway.Now) { Cross = !body.Isolated };
            // No price came: an open its position recorded (a try that went through) is answered from that record.
            async Task<ApiAnswer> FromRecordOr(ApiAnswer noPrice) => await commands.Recorded(position, request)
                ? Replies.Answer(await gateway.Ask(Asked(0m), MarketQuotes.Executing), StatusCodes.Status201Created)
                : noPrice;
            if (stale is not null)
                return await FromRecordOr(stale);
            var (price, margin, executed) = execution!;
            // With cross margin on, any open may spend from a cross account: the account values itself at these, none halted.
            var (decideAt, halted) = node.CrossMargin ? await quotes.UnhaltedMarks(Caller.Of(http), MarketQuotes.Executing, admitsCross: !body.Isolated) : (null, null);
            if (halted is not null)
                return await FromRecordOr(halted);
            var reply = await held.Answer(gateway.Ask(Asked(price) with
            {
                InitialMarginRate = margin?.Initial,
                Execution = executed,
                Marks = decideAt,
            }, MarketQuotes.Executing));
            return Replies.Answer(reply, StatusCodes.Status201Created);
        });

    private static async Task<IResult> Get(HttpContext http, string positionId, PositionCommands commands) =>
        await ApiAnswer.Respond(async () =>
        {
            var (view, problem) = await commands.OwnValued(http, positionId);
            return problem ?? ApiAnswer.Ok(PositionResponse.Of(view!));
        });

    private static async Task<IResult> List(HttpContext http, string? before, string? limit, TradingGateway gateway, PositionCommands commands) =>
        await ApiAnswer.Respond(async () =>
        {
            var (asked, invalid) = PositionListPage.Parse(before, limit);
            if (invalid is not null)
                return invalid;
            var reply = await gateway.Ask(new GetAccountPositions(Caller.Of(http)), http.RequestAborted);
            if (reply is not AccountPositions mine)
                return Replies.Answer(reply);
            var (page, next) = PositionListPage.Of(mine.Positions, asked.Before, asked.Limit);
            var views = new List<PositionResponse>();
            var marks = new Dictionary<MarketId, ValuationMark?>();
            foreach (var id in page)
                if ((await commands.OwnValued(http, id.Value, marks)).View is { } view)
                    views.Add(PositionResponse.Of(view));
            return ApiAnswer.Ok(new PositionList(views, mine.Positions.Count, next));
        });

    private static async Task<IResult> History(HttpContext http, string positionId, string? after, string? limit, PositionCommands commands,
        PositionHistory history) =>
        await ApiAnswer.Respond(async () =>
        {
            var (page, invalid) = PositionHistory.Page(after, limit);
            if (invalid is not null)
                return invalid;
            var (view, problem) = await commands.Own(http, positionId);
            return problem ?? ApiAnswer.Ok(await history.Of(view!.PositionId, page.After, page.Limit, http.RequestAborted));
        });
}
