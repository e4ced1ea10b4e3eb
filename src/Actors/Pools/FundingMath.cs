using LeverageActors.Messages.Common;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Pools;

/// <summary>
/// Funding between sides (issue 18 item 3, GMX v2 shape): the side with more open interest pays
/// the other <c>factor · skew^e</c> per second of its notional at entry, skew = |L − S| / (L + S).
/// Each side's cumulative index is what one USD of entry notional opened at index 0 owes (positive)
/// or is owed (negative); the receiving side's index falls by the payers' amount spread over its
/// own, smaller notional, so the two sides' totals cancel exactly. A position owes its notional
/// times the index's move since it opened, what it pays rounded up and what it receives rounded
/// down (the remainder stays with the pool).
/// </summary>
public static class FundingMath
{
    /// <summary>
    /// The funding rate per second the larger side pays; 0 when either side is empty. A side below the
    /// market's dust notional counts as empty: no open position is that small, so it is a residue of
    /// partial closes, and spreading the payers' amount over it would move its index without bound
    /// (past decimal's range, which would stop the pool at every event).
    /// </summary>
    public static decimal Rate(decimal longs, decimal shorts, MarketParameters? p)
    {
        if (p is null || !p.HasFunding() || longs < p.DustNotional || shorts < p.DustNotional || longs == shorts)
            return 0m;
        return p.FundingRateFactor() * Common.DecimalMath.Power(Math.Abs(longs - shorts) / (longs + shorts), p.FundingPower());
    }

    /// <summary>How each side's index moves over <paramref name="elapsed"/>: (long, short); the payer's up, the receiver's down.</summary>
    public static (decimal Long, decimal Short) Accrual(decimal longs, decimal shorts, MarketParameters? p, TimeSpan elapsed)
    {
        var rate = Rate(longs, shorts, p);
        if (rate == 0 || elapsed <= TimeSpan.Zero)
            return (0m, 0m);
        var paid = rate * ((decimal)elapsed.Ticks / TimeSpan.TicksPerSecond);
        return longs > shorts ? (paid, -paid * longs / shorts) : (-paid * shorts / longs, paid);
    }

    /// <summary>
    /// What <paramref name="notional"/> (at entry) owes between two index values: positive, paid by
    /// the trader (rounded up); negative, received (rounded down).
    /// </summary>
    public static decimal Owed(decimal notional, decimal indexAtOpen, decimal indexNow)
    {
        var owed = notional * (indexNow - indexAtOpen);
        return owed >= 0 ? Money.Charge(owed) : -Money.Payout(-owed);
    }

    /// <summary>What the settled part (<paramref name="quantity"/> of a position entered at <paramref name="entry"/>) owes.</summary>
    public static decimal Owed(decimal quantity, decimal entry, decimal indexAtOpen, decimal indexNow) =>
        indexAtOpen == indexNow ? 0m : Owed(quantity * entry, indexAtOpen, indexNow);
}
