using LeverageActors.Host.Api.Access;
using LeverageActors.Host.Api.Idempotency;
using LeverageActors.Host.Api.Models;
using LeverageActors.Host.Api.Problems;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Positions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LeverageActors.Host.Api.Endpoints;

/// <summary>
/// The caller's stop-loss and take-profit orders on one of its positions: place, list, cancel.
/// Another account's position reads as missing, as for every position command.
/// </summary>
public static class TriggerEndpoints
{
    /// <summary>As for a decrease: finer fractions would leave positions of no size open.</summary>
    private const int FractionPlaces = 6;

    public static void MapTriggers(this IEndpointRouteBuilder app)
    {
        var triggers = app.MapGroup("/positions/{positionId}/triggers").RequireAccountKey();
        triggers.MapPost("", Place)
            .WithSummary("Place a stop-loss or take-profit: closes the fraction, as the owner's close, at the first oracle price that reaches it")
            .Accepts<TriggerRequest>("application/json").Produces<TriggerPlacedAnswer>(StatusCodes.Status201Created);
        triggers.MapGet("", List).WithSummary("The trigger orders waiting on the position").Produces<TriggerList>();
        triggers.MapDelete("/{triggerId}", Cancel).WithSummary("Cancel a waiting trigger order").Produces<PositionCommandAnswer>();
    }

    private static Task<IResult> Place(HttpContext http, string positionId, PositionCommands commands) =>
        Mutations.Run<TriggerRequest>(http, (body, request) => commands.Act(http, positionId, (view, price, _) =>
        {
            if (TriggerResponse.KindOf(body.Kind) is not { } kind)
                return ProblemKindAnswers.Field("kind", $"must be '{TriggerResponse.StopLoss}' or '{TriggerResponse.TakeProfit}'");
            var fraction = body.Fraction ?? 1m;
            if (decimal.Round(fraction, FractionPlaces) != fraction)
                return ProblemKindAnswers.Field("fraction", $"must have at most {FractionPlaces} decimal places");
            return new PlaceTrigger(view.PositionId, view.AccountId, request, kind, body.Price, fraction, price, commands.Now);
        }, reply => reply is PositionCommandAccepted placed
            ? new ApiAnswer(StatusCodes.Status201Created, new TriggerPlacedAnswer(placed.PositionId, placed.RequestId,
                placed.Position.Triggers?.FirstOrDefault(t => t.PlacedBy == request) is { } mine ? TriggerResponse.Of(mine) : null,
                TriggerResponse.All(placed.Position), placed.AlreadyApplied))
            : Replies.Answer(reply)));

    private static async Task<IResult> List(HttpContext http, string positionId, PositionCommands commands) =>
        await ApiAnswer.Respond(async () =>
        {
            var (view, problem) = await commands.Own(http, positionId);
            return problem ?? ApiAnswer.Ok(new TriggerList(view!.PositionId, TriggerResponse.All(view)));
        });

    private static Task<IResult> Cancel(HttpContext http, string positionId, string triggerId, PositionCommands commands) =>
        Mutations.Run(http, "", request => int.TryParse(triggerId, System.Globalization.NumberStyles.None, null, out var trigger) && trigger > 0
            ? commands.Act(http, positionId, (view, _) => new CancelTrigger(view.PositionId, view.AccountId, request, trigger, commands.Now), needsPrice: false)
            : Task.FromResult(ProblemKinds.Find(RejectionCodes.TriggerNotFound)!.Answer($"No trigger '{triggerId}' on this position.")));
}
