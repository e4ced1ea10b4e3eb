using LeverageActors.Actors.Oracles.Margin;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Oracles;

/// <summary>
/// The volatility model and dynamic margin an opened oracle takes from the configuration. Only a
/// configuration with a dynamic margin is taken: the volatility model it gives was chosen for one
/// (its returns sampled over the margin's horizon), and one without it never switches a market's
/// dynamic margin off, nor back to a model chosen for a market without it.
/// </summary>
public static class RiskModels
{
    public static RiskModelsChanged? Change(MarketId market, OracleParameters recorded, OracleParameters? configured, DateTimeOffset at)
    {
        if (configured?.Margin is not { } margin)
            return null;
        var volatility = configured.VolatilityInForce();
        return volatility == recorded.VolatilityInForce() && margin == recorded.Margin
            ? null
            : new RiskModelsChanged(market, volatility, margin, at);
    }

    /// <summary>
    /// The oracle under the new models. A new volatility model starts its estimate afresh: one made
    /// under the old sampling may be the very inflation the new one is taken against, and an EWMA
    /// sheds it only slowly (by 0.94 a return). The requirement in force stays until the new
    /// estimate's first record, which moves it as any record does (a fall at once), except above a
    /// ceiling (<see cref="CeilingFall"/>).
    /// </summary>
    public static OracleState After(OracleState oracle, RiskModelsChanged change)
    {
        if (oracle.Parameters is not { } recorded)
            return oracle;
        var changed = oracle with { Parameters = recorded with { Volatility = change.Volatility, Margin = change.Margin } };
        return change.Volatility == recorded.VolatilityInForce()
            ? changed
            : changed with { Volatility = Volatility.VolatilityTracker.Empty, RecordedVolatility = null };
    }

    /// <summary>
    /// The fall to the margin's ceiling when the requirement in force is above it (a ceiling just
    /// taken): recorded with the next accepted price and its number, published with it as every
    /// requirement is, since no position may be liquidated above the ceiling while the new estimate
    /// gathers its returns. Null otherwise; never otherwise due, since every requirement computed
    /// under a ceiling is at most the ceiling.
    /// </summary>
    public static MarginRequirementChanged? CeilingFall(OracleState oracle, DateTimeOffset at)
    {
        if (oracle.Parameters?.Margin is not { MaintenanceCeiling: { } ceiling } margin || oracle.Margin.Last is not { } last || last.Maintenance <= ceiling)
            return null;
        return new MarginRequirementChanged(oracle.Market, ceiling, MarginRequirement.InitialFor(margin, ceiling), last.Maintenance, last.Initial,
            last.Sigma, last.Horizon, at, oracle.Sequence, at);
    }
}
