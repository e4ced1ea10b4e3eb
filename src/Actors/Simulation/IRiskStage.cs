using LeverageActors.Actors.Risk;
using LeverageActors.Messages;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Simulation;

/// <summary>
/// A risk feature's part in a simulated market: it follows the journal's events and answers each
/// published price with commands. Predictive deleverage (a σ-distance book beside the liquidation
/// thresholds) and ADL (the pool's PnL factor) arrive as stages; <see cref="RiskStages"/> chooses them.
/// </summary>
public interface IRiskStage
{
    void Observe(ILeverageEvent evt, RiskPosition? after, List<object> send);

    void OnTick(PriceUpdated tick, DateTimeOffset now, List<object> send);
}

/// <summary>The stages a set of risk features adds to the engine. Refuses what the domain does not have yet.</summary>
public static class RiskStages
{
    public static IReadOnlyList<IRiskStage> For(RiskFeatures features, MarketId market)
    {
        var unavailable = features.Unavailable();
        if (unavailable.Count > 0)
            throw new NotSupportedException(unavailable[0]);
        // Fixed margin needs no stage beyond the risk index and the liquidator every run has; dynamic
        // margin neither: the oracle records it and the index and the liquidator carry it with each price.
        return features.Adl ? [new AdlStage(market)] : [];
    }
}
