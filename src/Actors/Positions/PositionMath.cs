using LeverageActors.Actors.Pools;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions;

/// <summary>How an open position is valued at a price (DESIGN §2).</summary>
public static class PositionMath
{
    /// <summary>Equity: collateral + PnL (capped at the reserved amount) − interest − the fee a close would pay now.</summary>
    public static decimal Equity(
        PositionSide side, decimal quantity, decimal entry, decimal collateral, decimal reserved,
        decimal interest, decimal price, MarketParameters p) =>
        collateral
        + Math.Min(SettlementMath.RawPnl(side, quantity, entry, price), reserved)
        - interest
        - Money.Charge(quantity * price * p.CloseFeeRate);

    /// <summary>
    /// Equity as it stands for what may leave the position: an unrealised gain counts for nothing
    /// (it is the pool's until the close realises it; THREATS 3), a loss in full.
    /// </summary>
    public static decimal WithdrawalEquity(
        PositionSide side, decimal quantity, decimal entry, decimal collateral, decimal interest, decimal price, MarketParameters p) =>
        // Equity with the gain capped at nothing instead of at the reserved amount.
        Equity(side, quantity, entry, collateral, reserved: 0m, interest, price, p);

    /// <summary>
    /// The price at which equity meets maintenance margin on the notional at that price:
    /// solves C + q(p − e) − i − f·q·p = m·q·p for longs and C + q(e − p) − i − f·q·p = m·q·p for shorts.
    /// </summary>
    public static decimal? LiquidationPrice(
        PositionSide side, decimal quantity, decimal entry, decimal collateral, decimal interest, MarketParameters p)
    {
        if (quantity <= 0)
            return null;
        var price = side == PositionSide.Long
            ? Common.DecimalMath.Saturating(entry * quantity - collateral + interest, quantity * (1 - p.MaintenanceMarginRate - p.CloseFeeRate))
            : Common.DecimalMath.Saturating(collateral + quantity * entry - interest, quantity * (1 + p.MaintenanceMarginRate + p.CloseFeeRate));
        // Past a decimal's range (a dust short's collateral over its quantity) no price reaches it.
        return side == PositionSide.Short && price == decimal.MaxValue ? null : Math.Max(0, price);
    }
}
