using System.Text.Json.Serialization;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Positions;

public enum PositionStatus
{
    None,
    Opening,
    Open,
    Closed,
    Failed,
    Liquidated,
}

/// <summary>
/// A position as it stands. Valuation fields are filled when the query gave a price: equity,
/// margin ratio and liquidation price include interest to the given borrow index.
/// <c>PendingSteps</c> counts saga messages still awaiting acknowledgement (0: nothing in flight).
/// </summary>
public sealed record PositionView(
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
    Rejection? FailureReason,
    int PendingSteps,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool AtRisk = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? RiskSigmas = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int EarlyDeleverages = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] EarlyDeleverageShown? LastEarlyDeleverage = null) : ILeverageMessage
{
    /// <summary>A cross position: no collateral, equity or liquidation price of its own (its account's margin is <c>GET /accounts/{id}/margin</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Cross { get; init; }

    /// <summary>The open's price impact still to settle at the close (positive: the trader owes it; left out when 0).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public decimal PendingImpact { get; init; }

    /// <summary>Funding the position owes (positive) or is owed (negative) since it opened, when valued at a funding index; null otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public decimal? Funding { get; init; }

    /// <summary>The trigger orders waiting on an open position (left out when none).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<TriggerView>? Triggers { get; init; }
}

/// <summary>
/// A position's latest early deleverage as its view shows it: settlement <c>Number</c> closed
/// <c>Fraction</c> at <c>Price</c> when it was <c>Sigmas</c> from liquidation, paying <c>PenaltyRate</c>
/// on the closed notional.
/// </summary>
public sealed record EarlyDeleverageShown(int Number, decimal Fraction, decimal Sigmas, decimal Price, decimal PenaltyRate, DateTimeOffset At)
{
    public static EarlyDeleverageShown Of(EarlyDeleverageStarted e) => new(e.Number, e.Fraction, e.Sigmas, e.Price, e.PenaltyRate, e.At);
}

/// <summary>The trader's command took effect (now or before, when <c>AlreadyApplied</c>).</summary>
public sealed record PositionCommandAccepted(PositionId PositionId, RequestId RequestId, PositionView Position, bool AlreadyApplied)
    : ILeverageMessage;

public sealed record PositionCommandRejected(PositionId PositionId, RequestId? RequestId, Rejection Reason) : ILeverageMessage;
