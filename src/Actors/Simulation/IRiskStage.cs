using LeverageActors.Actors.Risk;
using LeverageActors.Messages;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Simulation;

/// <summary>
/// A risk feature's part in a simulated market: it follows the journal's events and answers each
/// published price with commands. ADL (the pool's PnL factor) is a stage; <see cref="RiskStages"/>
/// chooses them. Predictive deleverage needs none: the risk index's σ-distance rows send the checks
/// and the position decides its warning and early deleverage itself, as on the node.
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
        // margin neither: the oracle records it and the index and the liquidator carry it with each price;
        // predictive deleverage neither: the index's warning rows (SimulationParameters.Predictive) check the positions.
        return features.Adl ? [new AdlStage(market)] : [];
    }
}
