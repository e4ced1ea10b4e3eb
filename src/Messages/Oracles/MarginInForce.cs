namespace LeverageActors.Messages.Oracles;

/// <summary>
/// The margin requirement in force at one oracle price: <c>Maintenance</c> and <c>Initial</c> are
/// what positions are held to and opens refused above; <c>Liquidation</c> is the maintenance rate a
/// liquidation is tested at, lower than <c>Maintenance</c> while a rise is in its grace period.
/// </summary>
public sealed record MarginInForce(decimal Maintenance, decimal Initial, decimal Liquidation)
{
    /// <summary>Held to the requirement but not liquidable for it yet: the window item 3 (predictive liquidation) warns in.</summary>
    public bool InGrace => Liquidation < Maintenance;
}
