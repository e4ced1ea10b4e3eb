using LeverageActors.Actors.Common;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Oracles.Margin;

/// <summary>
/// The margin a market's volatility requires (issue 17): mmr = max(mmr_base, min(z·σ·√horizon, ceiling)), with σ
/// per √second and the horizon in seconds; imr = mmr · imr_base / mmr_base. Both are rounded up to
/// six places (0.0001%), so a record reads plainly and the rounding never lowers a requirement.
/// </summary>
public static class MarginRequirement
{
    public const int Places = 6;

    public static (decimal Maintenance, decimal Initial) Required(DynamicMargin m, decimal sigma, TimeSpan horizon)
    {
        var seconds = (decimal)horizon.Ticks / TimeSpan.TicksPerSecond;
        var moved = seconds <= 0 || sigma <= 0 ? 0m : Up(m.Z * sigma * DecimalMath.Sqrt(seconds));
        if (m.MaintenanceCeiling is { } ceiling && moved > ceiling)
            moved = ceiling;
        if (moved <= m.MaintenanceBase)
            return (m.MaintenanceBase, m.InitialBase);
        return (moved, InitialFor(m, moved));
    }

    /// <summary>The initial rate that keeps the market's ratio to <paramref name="maintenance"/>.</summary>
    public static decimal InitialFor(DynamicMargin m, decimal maintenance) => Up(maintenance * m.InitialBase / m.MaintenanceBase);

    private static decimal Up(decimal rate) => Math.Round(rate, Places, MidpointRounding.ToPositiveInfinity);
}
