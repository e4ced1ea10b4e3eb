using System.Text.Json.Serialization;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Host.Api.Models;

/// <summary>Why something was refused, as the API shows it: a stable code and a sentence.</summary>
public sealed record ReasonView(string Code, string Message);

/// <summary>
/// A position as the API shows it: its facts, its value at the latest price (null without one),
/// the reason it failed to open, the saga steps it still has in flight, and (predictive liquidation)
/// whether it is warned as at risk, with its distance to liquidation in σ at the warning, and how
/// many times it was deleveraged early, with the latest.
/// </summary>
public sealed record PositionResponse(
    PositionId PositionId,
    AccountId AccountId,
    MarketId Market,
    PositionSide Side,
    PositionStatus Status,
    decimal Quantity,
    decimal EntryPrice,
    decimal Collateral,
    decimal Reserved,
    decimal Leverage,
    decimal BorrowIndexAtOpen,
    decimal RealizedPayout,
    decimal? Price,
    decimal? AccruedInterest,
    decimal? UnrealizedPnl,
    decimal? Equity,
    decimal? MarginRatio,
    decimal? LiquidationPrice,
    ReasonView? FailureReason,
    int PendingSteps,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool AtRisk = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? RiskSigmas = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int EarlyDeleverages = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] EarlyDeleverageShown? LastEarlyDeleverage = null)
{
    /// <summary>A cross position (left out when false): its margin is the account's, so equity and liquidation price are null here.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Cross { get; init; }

    /// <summary>The stop-loss and take-profit orders waiting on an open position (left out when none).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<TriggerResponse>? Triggers { get; init; }

    /// <summary>The open's price impact the close will settle (positive: owed by the trader; left out when 0).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public decimal PendingImpact { get; init; }

    /// <summary>Funding owed since the open (positive) or owed to the position (negative), counted in equity; left out in a market without funding.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? Funding { get; init; }

    public static PositionResponse Of(PositionView v) => new(
        v.PositionId, v.AccountId, v.Market, v.Side, v.Status, v.Quantity, v.EntryPrice, v.Collateral, v.Reserved, v.Leverage,
        v.BorrowIndexAtOpen, v.RealizedPayout, v.Price, v.AccruedInterest, v.UnrealizedPnl, v.Equity, v.MarginRatio,
        v.LiquidationPrice, v.FailureReason is { } r ? new ReasonView(r.Code, r.Message) : null, v.PendingSteps,
        v.AtRisk, v.RiskSigmas, v.EarlyDeleverages, v.LastEarlyDeleverage)
        {
            Cross = v.Cross,
            PendingImpact = v.PendingImpact,
            Funding = v.Funding,
            Triggers = v.Triggers is { Count: > 0 } ? TriggerResponse.All(v) : null,
        };
}
