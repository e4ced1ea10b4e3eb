using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// What the journal adds up to for one collateral asset, in its units: the two sides of its
/// conservation and what accounts hold, and how much liquidation sales moved between accounts
/// (which changes no total: Held = Deposits − Withdrawals still).
/// </summary>
public sealed record AssetTotals(AssetId Asset, decimal Deposits, decimal Withdrawals, decimal Held)
{
    public decimal Sold { get; init; }
}
