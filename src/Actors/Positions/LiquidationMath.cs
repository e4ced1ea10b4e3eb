using LeverageActors.Messages.Markets;

namespace LeverageActors.Actors.Positions;

/// <summary>How much of a breached position a liquidation closes (DESIGN §2, Drift and Hyperliquid).</summary>
public static class LiquidationMath
{
    /// <summary>
    /// The fraction to close so that, at this price, what remains holds maintenance plus the buffer
    /// after paying the penalty on what is closed: with notional N, equity E (already net of the
    /// closing fee on all of N), target rate m′ = mmr + buffer and penalty rate c,
    /// f = (m′N − E) / (N(m′ − c)). Only possible when E/N > c: with a penalty as large as the
    /// maintenance rate (the DESIGN defaults) every liquidation is a full one.
    /// Everything when equity is below the full-liquidation threshold of maintenance, when the
    /// remainder would be dust, or when no fraction suffices.
    /// </summary>
    public static decimal Fraction(decimal equity, decimal notional, MarketParameters p)
    {
        var maintenance = notional * p.MaintenanceMarginRate;
        if (equity <= 0 || equity < maintenance * p.FullLiquidationThreshold)
            return 1m;

        var target = p.MaintenanceMarginRate + p.LiquidationBuffer;
        var cost = p.LiquidationPenaltyRate;
        if (target <= cost)
            return 1m;

        var fraction = Math.Round((target * notional - equity) / (notional * (target - cost)), 6, MidpointRounding.ToPositiveInfinity);
        if (fraction >= 1 || (1 - fraction) * notional < p.DustNotional)
            return 1m;
        return Math.Max(fraction, 0.000001m);
    }
}
