using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Positions;

/// <summary>
/// An account under liquidation (issue 16) closes <c>Fraction</c> of one of its cross positions at
/// <c>Mark</c>: the position draws its cover and the liquidation penalty from the account's USD,
/// settles with the pool as a liquidation (the penalty split between <c>Liquidator</c> and the
/// insurance fund as for an isolated one), and reports the settlement to the account under
/// <c>SettleTransfer</c>, the account's own number for this step, so the account knows the step done
/// by that transfer alone. Sent again until answered; answered with <see cref="CrossLiquidationAnswer"/>.
/// </summary>
public sealed record LiquidateCrossPosition(
    PositionId PositionId,
    AccountId AccountId,
    int Liquidation,
    TransferId SettleTransfer,
    decimal Fraction,
    MarketMark Mark,
    AccountId Liquidator,
    DateTimeOffset At) : IWithPositionId
{
    /// <summary>The most the closing fee and the penalty may take together (the account's order's); null: charged whole.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal? ChargeCap { get; init; }
}

/// <summary>
/// The position's answer: <c>Accepted</c> once the liquidation has started (or finished) under
/// <c>SettleTransfer</c>; a <c>Refusal</c> when it never will (not open, not a cross position, not the
/// account's); neither while another request of the position is finishing: ask again.
/// </summary>
public sealed record CrossLiquidationAnswer(PositionId PositionId, TransferId SettleTransfer, bool Accepted, Rejection? Refusal = null)
    : ILeverageMessage;
