using LeverageActors.Messages.Markets;

namespace LeverageActors.Actors.Pools;

/// <summary>The Aave/Compound kinked rate on utilization and the borrow index it accrues.</summary>
public static class BorrowRateModel
{
    public const decimal SecondsPerYear = 365m * 24 * 60 * 60;

    /// <summary>Yearly borrow rate at utilization <paramref name="u"/> (a fraction).</summary>
    public static decimal BorrowRate(decimal u, MarketParameters p) =>
        u <= p.OptimalUtilization
            ? p.BaseRate + p.Slope1 * u / p.OptimalUtilization
            : p.BaseRate + p.Slope1 + p.Slope2 * (u - p.OptimalUtilization) / (1 - p.OptimalUtilization);

    /// <summary>What liquidity providers earn a year: the borrow rate on the lent share, less the reserve factor.</summary>
    public static decimal SupplyRate(decimal u, MarketParameters p) => BorrowRate(u, p) * u * (1 - p.ReserveFactor);

    public static decimal Utilization(decimal reserved, decimal assets) => assets <= 0 ? 0 : reserved / assets;

    /// <summary>
    /// The index after <paramref name="elapsed"/> at rate <paramref name="rate"/>, compounded
    /// continuously: I·e^(r·Δt/year). Splitting an interval at any event leaves the product the same
    /// (e^a·e^b = e^(a+b)), so how often a pool has events cannot change what borrowers owe; simple
    /// interest per event, I·(1 + r·Δt), grew faster the more events there were. Time that runs
    /// backwards (clock skew between nodes) accrues nothing.
    /// </summary>
    public static decimal Accrue(decimal index, decimal rate, TimeSpan elapsed) =>
        elapsed <= TimeSpan.Zero || rate <= 0
            ? index
            : index * Common.DecimalMath.Exp(rate * ((decimal)elapsed.Ticks / TimeSpan.TicksPerSecond) / SecondsPerYear);

    /// <summary>Interest a reservation owes between two index values, charged (rounded up).</summary>
    public static decimal InterestOwed(decimal reserved, decimal indexAtOpen, decimal indexNow) =>
        indexNow <= indexAtOpen ? 0 : Messages.Common.Money.Charge(reserved * (indexNow / indexAtOpen - 1));
}
