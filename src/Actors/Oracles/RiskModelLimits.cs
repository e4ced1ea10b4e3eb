using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Oracles;

/// <summary>
/// What a volatility model and a dynamic margin must be to mean anything: the node refuses a
/// configuration outside these limits, and the audit a <see cref="RiskModelsChanged"/> record.
/// </summary>
public static class RiskModelLimits
{
    /// <summary>The first limit <paramref name="m"/> breaks, or null.</summary>
    public static string? Problem(VolatilityModel m) =>
        m.MinSamples is < 1 or > 100_000 ? "MinSamples must be from 1 to 100000"
        : m.PublishChange is <= 0 or > 10 ? "PublishChange must be a relative change in (0, 10]"
        : m.SampleEvery < TimeSpan.Zero ? "SampleEvery must not be negative"
        : m.Kind == VolatilityModelKind.Ewma && m.Lambda is <= 0 or >= 1 ? "Lambda must be in (0, 1)"
        : m.Kind == VolatilityModelKind.Garch && !(m.Omega > 0 && m.Alpha >= 0 && m.Beta >= 0 && m.Alpha + m.Beta < 1)
            ? "GARCH needs Omega > 0, Alpha ≥ 0, Beta ≥ 0 and Alpha + Beta < 1 (a stationary variance)"
        : null;

    /// <summary>The first limit <paramref name="m"/> breaks, or null.</summary>
    public static string? Problem(DynamicMargin m) =>
        m.Z is <= 0 or > 20 ? "Z must be in (0, 20]"
        : m.MinChange is <= 0 or > 10 ? "MinChange must be a relative change in (0, 10]"
        : m.LiquidationDelay < TimeSpan.Zero || m.Grace < TimeSpan.Zero ? "LiquidationDelay and Grace must not be negative"
        : m.MaintenanceCeiling is { } ceiling
          && (ceiling <= m.MaintenanceBase || ceiling * m.InitialBase / m.MaintenanceBase > 1 || ceiling != Math.Round(ceiling, 6))
            ? $"MaintenanceCeiling must be above the market's MaintenanceMarginRate ({m.MaintenanceBase}), keep the initial margin it implies at most 1 ({m.InitialBase / m.MaintenanceBase} × the ceiling), and have at most six decimal places"
        : null;
}
