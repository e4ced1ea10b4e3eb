
namespace LeverageActors.Actors.Pools;

/// <summary>
/// What the pool's open positions are worth to its LPs at a price: for each position, what it would
/// hand the pool if it settled now (its loss, or its profit as a negative, and the LPs' part of the
/// interest it would pay), never more than its own collateral can pay. Clamping a whole side at once
/// let one position's loss that no collateral covers offset another's gain, so LPs could exit at a
/// value that bad debt had already eaten (DESIGN §2, THREATS row 5).
/// </summary>
public static class PoolValuation
{
    public static decimal Collectible(IEnumerable<Reservation> positions, decimal price, decimal borrowIndex, decimal reserveFactor)
    {
        var total = 0m;
        foreach (var r in positions)
            total += Collectible(r, price, borrowIndex, reserveFactor);
        return total;
    }

    public static decimal Collectible(Reservation r, decimal price, decimal borrowIndex, decimal reserveFactor)
    {
        var pnl = Math.Min(SettlementMath.RawPnl(r.Side, r.Quantity, r.EntryPrice, price), r.Reserved);
        var interest = BorrowRateModel.InterestOwed(r.Reserved, r.BorrowIndex, borrowIndex);
        var available = r.Collateral + pnl;
        if (available <= 0)
            return r.Collateral;
        return -pnl + Math.Min(interest, available) * (1 - reserveFactor);
    }
}
