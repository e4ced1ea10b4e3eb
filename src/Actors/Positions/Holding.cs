namespace LeverageActors.Actors.Positions;

/// <summary>
/// What a position holds, and what a settlement or liquidation of a fraction leaves of it. The
/// position and the risk index's compact copy both close through here, so they agree to the unit.
/// </summary>
public readonly record struct Holding(decimal Quantity, decimal Reserved, decimal Collateral)
{
    /// <summary>
    /// Closes <paramref name="fraction"/>: the pool took <paramref name="collateralOut"/> of the
    /// collateral and <paramref name="kept"/> stays as collateral of the rest.
    /// </summary>
    public Holding Closed(decimal fraction, decimal collateralOut, decimal kept = 0m) => new(
        Quantity - Portion.OfQuantity(Quantity, fraction),
        Reserved - Portion.OfMoney(Reserved, fraction),
        Collateral - collateralOut + kept);
}
