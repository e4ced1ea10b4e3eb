using LeverageActors.Actors.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Deleveraging;

/// <summary>
/// Auto-deleveraging's formulas (DESIGN §2). The pool's PnL factor is traders' net unrealised profit
/// over the pool's value before that profit (GMX v2 <c>getPnlToPoolFactor</c>): each position's PnL
/// bounded by what it can lose (its collateral) and win (its reservation). Above
/// <c>MaxPnlFactor</c>, the winning side's positions are ranked by (PnL / collateral) × leverage
/// (Hyperliquid), leverage being notional at the oracle price over collateral.
/// </summary>
public static class AdlMath
{
    public static decimal Pnl(PositionSide side, decimal quantity, decimal entry, decimal collateral, decimal reserved, decimal price) =>
        Math.Clamp(SettlementMath.RawPnl(side, quantity, entry, price), -collateral, reserved);

    public static decimal Factor(decimal netPnl, decimal poolValue) =>
        poolValue > 0 ? netPnl / poolValue : netPnl > 0 ? decimal.MaxValue : 0m;

    /// <summary>The ranking key: a position with no collateral left ranks first (its leverage is unbounded).</summary>
    public static decimal Score(decimal pnl, decimal collateral, decimal notional) =>
        collateral > 0 ? pnl / collateral * (notional / collateral) : decimal.MaxValue;

    /// <summary>
    /// How much profit must be realised to bring the factor to <paramref name="target"/>: closing profit x
    /// takes x from both the traders' PnL and the pool (which pays it), so (N − x) / (V − x) ≤ t when
    /// x ≥ (N − tV) / (1 − t). Fees and interest the closes pay stay in the pool and only lower the
    /// factor further, so the amount is enough.
    /// </summary>
    public static decimal ProfitToRealise(decimal netPnl, decimal poolValue, decimal target) =>
        Math.Max(0, (netPnl - target * poolValue) / (1 - target));

    /// <summary>
    /// The fraction of a position with profit <paramref name="pnl"/> that realises <paramref name="needed"/>,
    /// rounded up to a millionth; the whole position when the rest would be dust.
    /// </summary>
    public static decimal Fraction(decimal needed, decimal pnl, decimal notional, decimal dustNotional)
    {
        if (pnl <= 0 || needed >= pnl)
            return 1m;
        var fraction = Math.Max(Math.Round(needed / pnl, 6, MidpointRounding.ToPositiveInfinity), 0.000001m);
        return fraction >= 1 || (1 - fraction) * notional < dustNotional ? 1m : fraction;
    }

    /// <summary>
    /// The profit a round of the LPs' loss trigger takes off the winning side: the LPs' projected loss
    /// beyond the day's limit, less what an earlier round of the day already answered (its projected
    /// loss), so a loss that does not grow starts no second round.
    /// </summary>
    public static decimal LossToAnswer(decimal projected, decimal limit, decimal answered) =>
        Math.Max(0, projected - Math.Max(limit, answered));
}
