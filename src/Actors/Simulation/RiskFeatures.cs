namespace LeverageActors.Actors.Simulation;

/// <summary>
/// The risk features a simulation switches on (dynamic margin is the oracle's, see
/// <see cref="SimulationParameters.OracleParameters"/>, predictive deleverage rides on it, see
/// <see cref="SimulationParameters.Predictive"/>; price impact is the market's, see
/// <see cref="SimulationParameters.EffectiveMarket"/>). Every feature the domain has runs; a
/// set is refused only when a feature lacks what it needs (<see cref="Unavailable"/>).
/// </summary>
public sealed record RiskFeatures(
    bool DynamicMargin = false,
    bool PredictiveDeleverage = false,
    bool Adl = false,
    bool NextPriceExecution = false,
    bool Funding = false,
    bool Impact = false)
{
    public static RiskFeatures Fixed { get; } = new();

    /// <summary>Why this set cannot run: one line per feature that is on and not in the domain (or lacks what it needs).</summary>
    public IReadOnlyList<string> Unavailable()
    {
        var refused = new List<string>();
        // The distance is measured in the σ the dynamic requirement publishes: without it there is none.
        if (PredictiveDeleverage && !DynamicMargin)
            refused.Add("predictive deleverage needs dynamic margin (the volatility it measures in comes with it)");
        return refused;
    }

    /// <summary>The named sets a sweep or a comparison uses: fixed, dynamic, predictive.</summary>
    public static RiskFeatures? Named(string name) => name.ToLowerInvariant() switch
    {
        "fixed" => Fixed,
        "dynamic" => new RiskFeatures(DynamicMargin: true),
        "predictive" => new RiskFeatures(DynamicMargin: true, PredictiveDeleverage: true),
        _ => null,
    };

    public string Name => this == Fixed
        ? "fixed"
        : this == Named("dynamic") ? "dynamic" : this == Named("predictive") ? "predictive" : "custom";
}
