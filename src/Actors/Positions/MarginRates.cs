using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Positions;

/// <summary>
/// The rates a position is held to when its market's margin is dynamic (issue 17): never below its
/// own terms, and the requirement in force otherwise; liquidation is tested at
/// <see cref="MarginInForce.Liquidation"/>, which a rise leaves lower during its grace period.
/// </summary>
public static class MarginRates
{
    /// <summary>The maintenance rate a breach or a liquidation is decided at.</summary>
    public static decimal Liquidation(MarketParameters own, MarginInForce? margin) => Liquidation(own.MaintenanceMarginRate, margin);

    /// <summary>The same for a position's own maintenance rate <paramref name="own"/> (a cross position's terms).</summary>
    public static decimal Liquidation(decimal own, MarginInForce? margin) =>
        margin is null ? own : Math.Max(own, margin.Liquidation);

    /// <summary>The maintenance rate the position is held to, grace or not (what predictive liquidation, item 3, warns against).</summary>
    public static decimal Required(MarketParameters own, MarginInForce? margin) =>
        margin is null ? own.MaintenanceMarginRate : Math.Max(own.MaintenanceMarginRate, margin.Maintenance);

    /// <summary>
    /// The initial rate a collateral removal is held to: the position's own, or the requirement in force
    /// when higher (a position opened under a lower one may keep it, but not take collateral out under it).
    /// </summary>
    public static decimal Initial(MarketParameters own, decimal? inForce) => Initial(own.InitialMarginRate, inForce);

    /// <summary>The same for a position's own initial rate <paramref name="own"/> (a cross position's terms).</summary>
    public static decimal Initial(decimal own, decimal? inForce) =>
        inForce is { } rate ? Math.Max(own, rate) : own;

    /// <summary>The position's terms at the liquidation rate: the partial-liquidation target restores that rate plus the buffer.</summary>
    public static MarketParameters AtLiquidation(MarketParameters own, MarginInForce? margin) =>
        margin is null ? own : own with { MaintenanceMarginRate = Liquidation(own, margin) };
}
