using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Messages.Positions;

/// <summary>
/// The account's liquidation number <c>Liquidation</c> closes <c>Fraction</c> of this cross position
/// (settlement <c>Number</c>) at <c>Mark</c>, for <c>Liquidator</c>; its settlement is reported to the
/// account under the account's own <c>SettleTransfer</c>. Tagged <c>liquidation</c>. Whether the
/// account was below maintenance is the account's proof, not the position's.
/// </summary>
public sealed record CrossLiquidationStarted(
    PositionId PositionId,
    AccountId AccountId,
    int Liquidation,
    TransferId SettleTransfer,
    int Number,
    decimal Fraction,
    MarketMark Mark,
    AccountId Liquidator,
    DateTimeOffset At) : IPositionEvent
{
    /// <summary>The bound on the funding the liquidated part can owe, drawn with the cover (<see cref="PositionSettlementRequested.FundingBound"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal FundingBound { get; init; }

    /// <summary>The most the pool may charge as closing fee and penalty together (<see cref="SettlePosition.ChargeCap"/>); null: charged whole.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal? ChargeCap { get; init; }
}

/// <summary>
/// The pool settled the liquidated part of a cross position: the payout goes back to the account
/// (under <c>SettleTransfer</c>) and the liquidator's reward out as <c>RewardTransfer</c>. Tagged <c>liquidation</c>.
/// </summary>
public sealed record CrossPositionLiquidated(
    PositionId PositionId,
    int Liquidation,
    TransferId SettleTransfer,
    int Number,
    Settlement Settlement,
    TransferId RewardTransfer,
    DateTimeOffset At) : IPositionEvent;
