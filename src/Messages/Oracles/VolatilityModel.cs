namespace LeverageActors.Messages.Oracles;

/// <summary>How a market's volatility is estimated from its accepted prices.</summary>
public enum VolatilityModelKind
{
    /// <summary>RiskMetrics: σ²ₜ = λ·σ²ₜ₋₁ + (1 − λ)·r²/Δt.</summary>
    Ewma,

    /// <summary>GARCH(1,1): σ²ₜ = ω + α·r²/Δt + β·σ²ₜ₋₁.</summary>
    Garch,
}

/// <summary>
/// A market's volatility model. Returns are log returns between accepted prices at least
/// <see cref="SampleEvery"/> apart, each divided by the seconds between them, so the variance is per
/// second whatever the oracle's cadence. The estimate is recorded once <see cref="MinSamples"/>
/// returns are in, then when σ moved by <see cref="PublishChange"/> (relative) or, if it moved at
/// all, once <see cref="PublishEvery"/> has passed: at most one record per sample.
/// </summary>
public sealed record VolatilityModel
{
    public VolatilityModelKind Kind { get; init; } = VolatilityModelKind.Ewma;

    /// <summary>EWMA decay (RiskMetrics' 0.94).</summary>
    public decimal Lambda { get; init; } = 0.94m;

    /// <summary>GARCH constant, in variance per second.</summary>
    public decimal Omega { get; init; }

    public decimal Alpha { get; init; }

    public decimal Beta { get; init; }

    public TimeSpan SampleEvery { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan PublishEvery { get; init; } = TimeSpan.FromMinutes(1);

    public decimal PublishChange { get; init; } = 0.10m;

    public int MinSamples { get; init; } = 5;

    public static VolatilityModel Default { get; } = new();
}
