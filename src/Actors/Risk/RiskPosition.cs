using LeverageActors.Actors.Positions;
using LeverageActors.Actors.Positions.Operations;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Risk;

/// <summary>
/// What the risk index keeps of one position between its events: the fields its threshold is
/// computed from, and the fraction of a settlement or liquidation under way (its completion
/// carries only the amounts). The index holds one per open position, so the entity's whole
/// <see cref="PositionState"/> (operations, outcomes, requests) is not kept here. A close changes
/// what the position holds through the same <see cref="Settling.Remaining"/> and
/// <see cref="Liquidating.Remaining"/> the entity's operations use.
/// </summary>
public sealed record RiskPosition(
    PositionId Id,
    PositionStatus Status,
    PositionSide Side,
    decimal Quantity,
    decimal EntryPrice,
    decimal Collateral,
    decimal Reserved,
    decimal BorrowIndexAtOpen,
    MarketParameters Parameters,
    decimal SettlingFraction = 0m,
    decimal LiquidatingFraction = 0m,
    bool SettlingKeeps = false,
    decimal FundingIndexAtOpen = 0m)
{
    /// <summary>Still to be watched: opening or open, with something left to close.</summary>
    public bool IsLive => Status is PositionStatus.Opening or PositionStatus.Open && Quantity > 0;

    /// <summary>The position as its first event describes it; <paramref name="parameters"/> may be a shared equal copy.</summary>
    public static RiskPosition Requested(PositionOpenRequested e, MarketParameters parameters) =>
        new(e.PositionId, PositionStatus.Opening, e.Side, e.Quantity, e.EntryPrice, e.Collateral, e.Reserved, 1m, parameters);

    public RiskPosition Apply(IPositionEvent evt) => evt switch
    {
        PositionOpened e => this with
        {
            Status = PositionStatus.Open, Collateral = e.Collateral, BorrowIndexAtOpen = e.BorrowIndex, FundingIndexAtOpen = e.FundingIndex,
        },
        PositionOpenFailed => this with { Status = PositionStatus.Failed },
        CollateralIncreased e => this with { Collateral = Collateral + e.Amount },
        CollateralDecreased e => this with { Collateral = Collateral - e.Amount },
        EarlyDeleverageStarted => this with { SettlingKeeps = true },
        PositionSettlementRequested e => this with { SettlingFraction = e.Fraction },
        PositionSettlementCompleted e => Holds(Settling.Remaining(Holding, SettlingFraction, e.Settlement, SettlingKeeps)) with
        {
            Status = SettlingFraction >= 1 ? PositionStatus.Closed : Status,
            SettlingFraction = 0m,
            SettlingKeeps = false,
        },
        LiquidationStarted e => this with { LiquidatingFraction = e.Fraction },
        PositionLiquidated e => Holds(Liquidating.Remaining(Holding, LiquidatingFraction, e.Settlement)) with
        {
            Status = LiquidatingFraction >= 1 ? PositionStatus.Liquidated : Status,
            LiquidatingFraction = 0m,
        },
        _ => this,
    };

    private Holding Holding => new(Quantity, Reserved, Collateral);

    private RiskPosition Holds(Holding h) => this with { Quantity = h.Quantity, Reserved = h.Reserved, Collateral = h.Collateral };
}
