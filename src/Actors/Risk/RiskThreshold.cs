using LeverageActors.Actors.Pools;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
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
    /// <summary>
    /// 25% more maintenance: at the default 1% that is 0.25% of notional. At 90% utilization (a
    /// yearly borrow rate near 41.5%) interest eats that in about two days, so the index also
    /// refreshes thresholds as the borrow index grows and on a timer (<see cref="MarketRiskIndex"/>).
    /// </summary>
    public const decimal Cushion = 1.25m;

    /// <summary>
    /// With <paramref name="requiredMaintenance"/>, the market's dynamic requirement in force (issue 17):
    /// the position's own rate or that, whichever is higher, is the one cushioned. It is the requirement,
    /// not the lower rate a grace period tests liquidations at, so a row is never later than the position's own test.
    /// </summary>
    public static RiskRow? For(RiskPosition position, decimal poolBorrowIndex, decimal? requiredMaintenance = null) =>
        For(position.Id, position.Status, position.Side, position.Quantity, position.EntryPrice, position.Collateral,
            position.Reserved, position.BorrowIndexAtOpen, Held(position.Parameters, requiredMaintenance), poolBorrowIndex);

    /// <summary>The same threshold from the entity's full state (what the index's rows are checked against in specs).</summary>
    public static RiskRow? For(PositionState position, decimal poolBorrowIndex, decimal? requiredMaintenance = null) =>
        For(position.Id, position.Status, position.Side, position.Quantity, position.EntryPrice, position.Collateral,
            position.Reserved, position.BorrowIndexAtOpen, Held(position.Parameters, requiredMaintenance), poolBorrowIndex);

    /// <summary>
    /// The same threshold before the requirement (<see cref="RiskBase"/>), so that a change of
    /// requirement moves a whole book by its divisor instead of computing every row again. Interest is
    /// taken to <paramref name="poolBorrowIndex"/> and funding to <paramref name="funding"/>'s index of the position's side here, as in <see cref="For(RiskPosition, decimal, decimal?)"/>.
    /// </summary>
    public static RiskBase? Base(RiskPosition position, decimal poolBorrowIndex, Funding? funding = null)
    {
        if (position.Status != PositionStatus.Open || position.Quantity <= 0)
            return null;
        // Funding owed counts as interest does; funding received against it (FundingWatch).
        var interest = BorrowRateModel.InterestOwed(position.Reserved, position.BorrowIndexAtOpen, poolBorrowIndex)
                       + (funding is null ? 0m : FundingMath.Owed(position.Quantity, position.EntryPrice, position.FundingIndexAtOpen, funding.IndexOf(position.Side)));
        var (q, entry, collateral) = (position.Quantity, position.EntryPrice, position.Collateral);
        // As PositionMath.LiquidationPrice writes its numerators, so the decimal is the same.
        var numerator = position.Side == PositionSide.Long ? entry * q - collateral + interest : collateral + q * entry - interest;
        return new RiskBase(position.Id, position.Side, numerator, q,
            new RiskRate(position.Parameters.MaintenanceMarginRate, position.Parameters.CloseFeeRate));
    }

    private static MarketParameters Held(MarketParameters own, decimal? required) =>
        required is { } rate && rate > own.MaintenanceMarginRate ? own with { MaintenanceMarginRate = rate } : own;

    private static RiskRow? For(
        PositionId id, PositionStatus status, PositionSide side, decimal quantity, decimal entry, decimal collateral,
        decimal reserved, decimal indexAtOpen, MarketParameters parameters, decimal poolBorrowIndex)
    {
        if (status != PositionStatus.Open || quantity <= 0)
            return null;

        var interest = BorrowRateModel.InterestOwed(reserved, indexAtOpen, poolBorrowIndex);
        var cautious = parameters with { MaintenanceMarginRate = parameters.MaintenanceMarginRate * Cushion };
        var price = PositionMath.LiquidationPrice(side, quantity, entry, collateral, interest, cautious);
        return price is { } p ? new RiskRow(id, side, p) : null;
    }
}
