using LeverageActors.Actors.Risk.Cross;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Tests.Risk.Cross;

/// <summary>
/// A cross account reduced to what its surplus depends on, written out by hand so the specs judge
/// the book against an independent formula: collateral valued at maintenance weights, each
/// position's PnL, less maintenance and the close fee on every position's notional.
/// </summary>
public sealed record CrossAccountModel(
    AccountId Id,
    IReadOnlyList<(MarketId Market, decimal Balance, decimal Weight)> Collateral,
    IReadOnlyList<(MarketId Market, decimal Quantity, decimal Entry)> Positions,
    decimal MaintenanceRate,
    decimal CloseFeeRate)
{
    /// <summary>Cross equity less maintenance; <paramref name="prices"/> holds every market the account touches.</summary>
    public decimal Surplus(IReadOnlyDictionary<MarketId, decimal> prices) =>
        Collateral.Sum(c => c.Balance * prices[c.Market] * c.Weight)
        + Positions.Sum(p => p.Quantity * (prices[p.Market] - p.Entry) - Math.Abs(p.Quantity) * prices[p.Market] * (MaintenanceRate + CloseFeeRate));

    /// <summary>Per market, the largest slope of <see cref="Surplus"/> in that market's price.</summary>
    public CrossExposure Exposure(IReadOnlyDictionary<MarketId, decimal> prices) =>
        new(Id, Surplus(prices),
        [
            .. Collateral.Select(c => c.Market).Concat(Positions.Select(p => p.Market)).Distinct().Select(m => new MarketExposure(m, prices[m],
                Collateral.Where(c => c.Market == m).Sum(c => Math.Abs(c.Balance) * c.Weight)
                + Positions.Where(p => p.Market == m).Sum(p => Math.Abs(p.Quantity) * (1 + MaintenanceRate + CloseFeeRate)))),
        ]);
}
