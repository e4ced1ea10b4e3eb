using System.Text.Json.Serialization;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Risk;

public sealed record GetRiskIndexStatus(MarketId Market) : ILeverageMessage;

/// <summary>
/// <c>CaughtUp</c>: the index has read the whole journal of its market and watches every open position.
/// <c>ThresholdIndex</c>: the borrow index its thresholds were last computed at.
/// </summary>
public sealed record RiskIndexStatus(MarketId Market, int Watched, bool CaughtUp, long Offset, long ChecksSent, decimal ThresholdIndex)
    : ILeverageMessage
{
    /// <summary>The waiting trigger orders the index has read: a price before it read one finds nothing to note.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Triggers { get; init; }
}

public sealed record GetLiquidatorStatus(MarketId Market) : ILeverageMessage;

public sealed record LiquidatorStatus(MarketId Market, int Outstanding, long CommittedOffset, long LiquidationsSent) : ILeverageMessage;

public sealed record GetDeleveragerStatus(MarketId Market) : ILeverageMessage;

/// <summary>
/// The market's auto-deleverager: <c>Running</c> is false when the market's configuration switched ADL
/// off (<c>Adl:Enabled</c>); <c>CaughtUp</c>, it has read the market's journal and measures each price.
/// </summary>
public sealed record DeleveragerStatus(MarketId Market, bool Running, bool CaughtUp, long Observed) : ILeverageMessage;

/// <summary>
/// The liquidator's progress through the <c>breach</c> tag: every breach at or below it is resolved,
/// but the rows in <c>PassedOver</c>, which it could not decode and its next incarnation looks at
/// again, and the breaches in <c>Late</c>, read late from such rows and not yet resolved, which it
/// liquidates again at its first price (each absent from rows written before it had any). A node
/// before them reads past both: no downgrade past the version that wrote them (README).
/// </summary>
public sealed record LiquidatorOffsetCommitted(MarketId Market, long Offset) : ILeverageEvent
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<long>? PassedOver { get; init; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<LateBreach>? Late { get; init; }
}

/// <summary>A breach read late (its row passed over, then read again) and not yet resolved, at its journal row.</summary>
public sealed record LateBreach(PositionId PositionId, int Breach, decimal BorrowIndex, long Offset);
