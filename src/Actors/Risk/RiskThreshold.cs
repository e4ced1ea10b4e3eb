using LeverageActors.Actors.Pools;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Risk;

/// <summary>
/// The price at which the index asks a position to check itself. Interest grows every second
/// while the index only recomputes a row when the position or its pool writes an event, so the
/// threshold is deliberately conservative: maintenance is taken as <see cref="Cushion"/> times the
/// market's rate. The position then decides exactly; a check that finds it healthy costs one
/// message and changes nothing.
/// </summary>
public static class RiskThreshold
{
    /// <summary>25% more maintenance: at the default 1% that is 0.25% of notional, months of interest.</summary>
    public const decimal Cushion = 1.25m;

    public static RiskRow? For(PositionState position, decimal poolBorrowIndex)
    {
        if (position.Status != PositionStatus.Open || position.Quantity <= 0)
            return null;

        var interest = BorrowRateModel.InterestOwed(position.Reserved, position.BorrowIndexAtOpen, poolBorrowIndex);
        var cautious = position.Parameters with { MaintenanceMarginRate = position.Parameters.MaintenanceMarginRate * Cushion };
        var price = PositionMath.LiquidationPrice(position.Side, position.Quantity, position.EntryPrice, position.Collateral, interest, cautious);
        return price is { } p ? new RiskRow(position.Id, position.Side, p) : null;
    }
}
