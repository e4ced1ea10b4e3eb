using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Risk.Cross;

/// <summary>
/// The prices of one market strictly between <see cref="Low"/> and <see cref="High"/> cannot, with
/// the account's other markets also inside their bands, bring the account to its maintenance
/// requirement; a price at or past either edge must be checked.
/// </summary>
public readonly record struct CrossBand(MarketId Market, decimal Low, decimal High)
{
    public bool Holds(decimal price) => price > Low && price < High;
}
