using LeverageActors.Actors.Common;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions;

/// <summary>
/// How far a position is from liquidation in standard deviations of the move over the horizon
/// (predictive liquidation, issue 17 item 3): d = |ln(L / p)| / (σ·√h), L the liquidation price at
/// the requirement in force, p the oracle price, σ per √second, h in seconds. The same distance is a
/// price threshold per position, L·e^(k·σ√h) for a long and L·e^(−k·σ√h) for a short, which is how the
/// risk index finds the positions below a level in O(log N + k).
/// </summary>
public static class RiskDistance
{
    public const int Places = 6;

    /// <summary>
    /// The largest exponent <see cref="Growth"/> takes: e^20 is a move of 485 million times the price,
    /// past any a market makes, and a ratio grown by it fits a decimal (a threshold does at any price
    /// below ~10²⁰; the risk book saturates one above). Uncapped, a
    /// σ the oracle recorded from a jump of every source (above ~4/√s at the default horizon) made the
    /// exponent overflow, and the risk index failed at that record on every restart.
    /// </summary>
    public const decimal MaxExponent = 20m;

    /// <summary>σ·√h, one standard deviation of the log price over the horizon; 0 when either is unknown.</summary>
    public static decimal Move(RiskScale scale)
    {
        var seconds = (decimal)scale.Horizon.Ticks / TimeSpan.TicksPerSecond;
        return scale.Sigma <= 0 || seconds <= 0 ? 0m : scale.Sigma * DecimalMath.Sqrt(seconds);
    }

    /// <summary>
    /// The distance, rounded down (a warning never comes later for it); 0 at or past the liquidation
    /// price (during a rise's grace a position may be there without being liquidable); null when
    /// there is no scale or the position cannot be liquidated.
    /// </summary>
    public static decimal? Sigmas(PositionSide side, decimal liquidationPrice, decimal price, RiskScale scale)
    {
        var move = Move(scale);
        if (move <= 0 || liquidationPrice <= 0 || price <= 0)
            return null;
        if (side == PositionSide.Long ? price <= liquidationPrice : price >= liquidationPrice)
            return 0m;
        return Math.Round(Math.Abs(DecimalMath.Ln(liquidationPrice / price)) / move, Places, MidpointRounding.ToZero);
    }

    /// <summary>The price at which a position with liquidation price <paramref name="liquidationPrice"/> is <paramref name="sigmas"/> away.</summary>
    public static decimal Threshold(PositionSide side, decimal liquidationPrice, decimal sigmas, RiskScale scale)
    {
        var grown = Growth(sigmas, scale);
        return side == PositionSide.Long ? liquidationPrice * grown : liquidationPrice / grown;
    }

    /// <summary>e^(sigmas·σ√h), the factor between a liquidation price and the price that many sigmas from it; its exponent capped at <see cref="MaxExponent"/>.</summary>
    public static decimal Growth(decimal sigmas, RiskScale scale) => DecimalMath.Exp(Math.Min(sigmas * Move(scale), MaxExponent));

    /// <summary>The liquidation price of <paramref name="p"/> at <paramref name="maintenanceRate"/>, with interest to <paramref name="borrowIndex"/>.</summary>
    public static decimal? LiquidationPrice(PositionState p, decimal borrowIndex, decimal maintenanceRate) =>
        PositionMath.LiquidationPrice(p.Side, p.Quantity, p.EntryPrice, p.Collateral,
            Pools.BorrowRateModel.InterestOwed(p.Reserved, p.BorrowIndexAtOpen, borrowIndex),
            p.Parameters with { MaintenanceMarginRate = maintenanceRate });

    /// <summary>
    /// The margin ratio E/(q·p) at which a position is <paramref name="sigmas"/> from liquidation at
    /// maintenance rate m and close fee f: from E + q(1−f)(x−p) = m·q·x at x = p·e^(−a) for a long,
    /// r = (1−f) − (1−f−m)·e^(−a); from E − q(1+f)(x−p) = m·q·x at x = p·e^(a) for a short,
    /// r = (1+f+m)·e^(a) − (1+f); a = sigmas·σ√h. At a = 0 both are m.
    /// </summary>
    public static decimal RatioAt(PositionSide side, decimal maintenanceRate, decimal closeFeeRate, decimal sigmas, RiskScale scale)
    {
        var grown = Growth(sigmas, scale);
        return side == PositionSide.Long
            ? (1 - closeFeeRate) - (1 - closeFeeRate - maintenanceRate) / grown
            : (1 + closeFeeRate + maintenanceRate) * grown - (1 + closeFeeRate);
    }

    /// <summary>
    /// The fraction an early deleverage closes at the oracle price so that the rest is
    /// <paramref name="sigmas"/> from liquidation again, paying <paramref name="penaltyRate"/> on what
    /// it closes: <see cref="LiquidationMath.Fraction"/> with the target ratio <see cref="RatioAt"/>,
    /// no buffer and no full-liquidation floor (a deleverage is never a liquidation).
    /// </summary>
    public static decimal Fraction(PositionSide side, decimal equity, decimal notional, MarketParameters own, decimal maintenanceRate,
        decimal sigmas, RiskScale scale, decimal penaltyRate) =>
        LiquidationMath.Fraction(equity, notional, own with
        {
            MaintenanceMarginRate = RatioAt(side, maintenanceRate, own.CloseFeeRate, sigmas, scale),
            LiquidationBuffer = 0m,
            LiquidationPenaltyRate = penaltyRate,
            FullLiquidationThreshold = 0m,
        });
}
