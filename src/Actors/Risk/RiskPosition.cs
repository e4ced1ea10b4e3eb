using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Risk;

/// <summary>
/// What the risk index keeps of one position between its events: the fields its threshold is
/// computed from, and the fraction of a settlement or liquidation under way (its completion
/// carries only the amounts). The index holds one per open position, so the entity's whole
/// <see cref="PositionState"/> (outbox, outcomes, pending requests) is not kept here. Each case of
/// <see cref="Apply"/> changes these fields exactly as <see cref="PositionState.Apply"/> does.
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
    decimal LiquidatingFraction = 0m)
{
    /// <summary>Still to be watched: opening or open, with something left to close.</summary>
    public bool IsLive => Status is PositionStatus.Opening or PositionStatus.Open && Quantity > 0;

    /// <summary>The position as its first event describes it; <paramref name="parameters"/> may be a shared equal copy.</summary>
    public static RiskPosition Requested(PositionOpenRequested e, MarketParameters parameters) =>
        new(e.PositionId, PositionStatus.Opening, e.Side, e.Quantity, e.EntryPrice, e.Collateral, e.Reserved, 1m, parameters);

    public RiskPosition Apply(IPositionEvent evt) => evt switch
    {
        PositionOpened e => this with { Status = PositionStatus.Open, Collateral = e.Collateral, BorrowIndexAtOpen = e.BorrowIndex },
        PositionOpenFailed => this with { Status = PositionStatus.Failed },
        CollateralIncreased e => this with { Collateral = Collateral + e.Amount },
        CollateralDecreased e => this with { Collateral = Collateral - e.Amount },
        PositionSettlementRequested e => this with { SettlingFraction = e.Fraction },
        PositionSettlementCompleted e => this with
        {
            Status = SettlingFraction >= 1 ? PositionStatus.Closed : Status,
            Quantity = Quantity - Portion.OfQuantity(Quantity, SettlingFraction),
            Reserved = Reserved - Portion.OfMoney(Reserved, SettlingFraction),
            Collateral = Collateral - e.Settlement.Collateral,
            SettlingFraction = 0m,
        },
        LiquidationStarted e => this with { LiquidatingFraction = e.Fraction },
        PositionLiquidated e => Liquidated(e),
        _ => this,
    };

    private RiskPosition Liquidated(PositionLiquidated e)
    {
        var full = LiquidatingFraction >= 1;
        return this with
        {
            Status = full ? PositionStatus.Liquidated : Status,
            Quantity = Quantity - Portion.OfQuantity(Quantity, LiquidatingFraction),
            Reserved = Reserved - Portion.OfMoney(Reserved, LiquidatingFraction),
            // A partial liquidation keeps what the closed part leaves as collateral of the rest.
            Collateral = Collateral - e.Settlement.Collateral + (full ? 0 : e.Settlement.Payout),
            LiquidatingFraction = 0m,
        };
    }
}
