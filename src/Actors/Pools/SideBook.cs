using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Pools;

/// <summary>
/// Aggregates of one side's open positions, enough to value all of them at any price in O(1):
/// longs gain <c>Quantity·p − Cost</c>, shorts <c>Cost − Quantity·p</c>.
/// </summary>
public sealed record SideBook(decimal Quantity, decimal Cost, decimal Collateral, decimal Reserved)
{
    public static SideBook Empty { get; } = new(0, 0, 0, 0);

    public SideBook Add(decimal quantity, decimal price, decimal collateral, decimal reserved) =>
        new(Quantity + quantity, Cost + quantity * price, Collateral + collateral, Reserved + reserved);

    public SideBook Remove(decimal quantity, decimal price, decimal collateral, decimal reserved) =>
        new(Quantity - quantity, Cost - quantity * price, Collateral - collateral, Reserved - reserved);

    /// <summary>Traders' PnL on this side at <paramref name="price"/>, bounded by what they can lose and win.</summary>
    public decimal BoundedPnl(PositionSide side, decimal price)
    {
        var pnl = side == PositionSide.Long ? Quantity * price - Cost : Cost - Quantity * price;
        return Math.Clamp(pnl, -Collateral, Reserved);
    }
}
