using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Host.Api.Models;

/// <summary>
/// A stop-loss or take-profit to place: <c>kind</c> <c>stop-loss</c> or <c>take-profit</c>, the oracle
/// <c>price</c> that fires it, and the <c>fraction</c> of what is then held to close (1 when left out).
/// </summary>
public sealed record TriggerRequest(string Kind, decimal Price, decimal? Fraction = null);

/// <summary>A waiting trigger order as the API shows it; <c>trigger</c> is its id on the position.</summary>
public sealed record TriggerResponse(int Trigger, string Kind, decimal Price, decimal Fraction, DateTimeOffset PlacedAt)
{
    public const string StopLoss = "stop-loss";
    public const string TakeProfit = "take-profit";

    public static TriggerKind? KindOf(string? kind) => kind switch
    {
        StopLoss => TriggerKind.StopLoss,
        TakeProfit => TriggerKind.TakeProfit,
        _ => null,
    };

    public static TriggerResponse Of(TriggerView t) =>
        new(t.Trigger, t.Kind == TriggerKind.StopLoss ? StopLoss : TakeProfit, t.TriggerPrice, t.Fraction, t.PlacedAt);

    public static IReadOnlyList<TriggerResponse> All(PositionView v) => v.Triggers?.Select(Of).ToList() ?? [];
}

/// <summary>
/// A placed trigger: <c>trigger</c> is the one this request placed (null when it no longer waits: a
/// retry after it executed or was cancelled), <c>triggers</c> every one waiting on the position now.
/// </summary>
public sealed record TriggerPlacedAnswer(PositionId PositionId, RequestId RequestId, TriggerResponse? Trigger, IReadOnlyList<TriggerResponse> Triggers, bool AlreadyApplied);

/// <summary>The trigger orders waiting on a position.</summary>
public sealed record TriggerList(PositionId PositionId, IReadOnlyList<TriggerResponse> Triggers);
