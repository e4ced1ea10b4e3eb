using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Oracles;

/// <summary>
/// The volatility model and dynamic margin an opened oracle takes from the configuration: each one
/// configured and different from the one it recorded. A part the configuration leaves out keeps the
/// recorded one, so a node that lost a setting never switches a market's dynamic margin off.
/// </summary>
public static class RiskModels
{
    public static RiskModelsChanged? Change(MarketId market, OracleParameters recorded, OracleParameters? configured, DateTimeOffset at)
    {
        if (configured is null)
            return null;
        var volatility = configured.Volatility ?? recorded.VolatilityInForce();
        var margin = configured.Margin ?? recorded.Margin;
        return volatility == recorded.VolatilityInForce() && margin == recorded.Margin
            ? null
            : new RiskModelsChanged(market, volatility, margin, at);
    }

    /// <summary>
    /// The oracle under the new models. A new volatility model starts its estimate afresh: one made
    /// under the old sampling may be the very inflation the new one is taken against, and an EWMA
    /// sheds it only slowly (by 0.94 a return). The requirement in force stays until the new
    /// estimate's first record, which moves it as any record does (a fall at once).
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
}
