
namespace LeverageActors.Actors.Pools;

/// <summary>
/// What the pool's open positions are worth to its LPs at a price: for each position, what it would
/// hand the pool if it settled now (its loss, or its profit as a negative, the LPs' part of the
/// interest it would pay, and the funding it would pay or, as a negative, receive), never more than
/// its own collateral can pay. Clamping a whole side at once
/// let one position's loss that no collateral covers offset another's gain, so LPs could exit at a
/// value that bad debt had already eaten (DESIGN §2, THREATS row 5).
/// </summary>
public static class PoolValuation
{
    public static decimal Collectible(IEnumerable<Reservation> positions, decimal price, decimal borrowIndex, decimal reserveFactor, Funding? funding = null,
        bool accountBacked = false)
    {
        var total = 0m;
        foreach (var r in positions)
            total += Collectible(r, price, borrowIndex, reserveFactor, funding, accountBacked);
        return total;
    }

    /// <remarks>
    /// <paramref name="accountBacked"/>: a cross position (no collateral of its own: its account's
    /// margin backs it, and its settlement draws what it owes from the account) counts all it owes.
    /// Bounded by its collateral of 0, a losing one counted for nothing, and a deposit bought shares
    /// at a value that left its loss out, which the pool collected at its close: the depositor took
    /// the LPs' part of it (LP review of this session, CONFIRMED). Deposits only, and not those recorded
    /// before (the audit decides one by the rule its event records): a withdrawal keeps the bound.
    /// </remarks>
    public static decimal Collectible(Reservation r, decimal price, decimal borrowIndex, decimal reserveFactor, Funding? funding = null,
        bool accountBacked = false)
    {
        var (pnl, interest, owed, received, available) = Owing(r, price, borrowIndex, funding);
        if (accountBacked && r.Collateral == 0)
            return -pnl - received + interest * (1 - reserveFactor) + Math.Max(0, owed);
        if (available <= 0)
            return r.Collateral;
        var paidInterest = Math.Min(interest, available);
        return -pnl - received + paidInterest * (1 - reserveFactor) + Math.Min(Math.Max(0, owed), available - paidInterest);
    }

    /// <summary>
    /// Whether the position could not pay all it owes the pool at the price (its loss, interest and
    /// funding): it counts for less than that until its liquidation, when the insurance fund covers the rest.
    /// </summary>
    public static bool Short(Reservation r, decimal price, decimal borrowIndex, Funding? funding = null)
    {
        var (_, interest, owed, _, available) = Owing(r, price, borrowIndex, funding);
        return available < interest + Math.Max(0, owed);
    }

    private static (decimal Pnl, decimal Interest, decimal Owed, decimal Received, decimal Available) Owing(
        Reservation r, decimal price, decimal borrowIndex, Funding? funding)
    {
        var pnl = Math.Min(SettlementMath.RawPnl(r.Side, r.Quantity, r.EntryPrice, price), r.Reserved);
        var interest = BorrowRateModel.InterestOwed(r.Reserved, r.BorrowIndex, borrowIndex);
        var owed = funding is null ? 0m : FundingMath.Owed(r.Quantity, r.EntryPrice, r.FundingIndex, funding.IndexOf(r.Side));
        var received = Math.Max(0, -owed);
        return (pnl, interest, owed, received, r.Collateral + pnl + received);
    }
}
