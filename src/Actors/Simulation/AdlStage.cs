using LeverageActors.Actors.Deleveraging;
using LeverageActors.Actors.Risk;
using LeverageActors.Messages;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Simulation;

/// <summary>
/// Auto-deleveraging in a simulated market: the same <see cref="AdlWatch"/> as the node's
/// deleverager, reading the run's journal. Every command is delivered before the next price, so a
/// reduction not recorded by then was skipped: it is forgotten at the next price, not after the
/// node's timeout.
/// </summary>
public sealed class AdlStage(MarketId market) : IRiskStage
{
    private readonly AdlWatch _watch = new(market);

    public void Observe(ILeverageEvent evt, RiskPosition? after, List<object> send) => _watch.Observe(evt);

    public void OnTick(PriceUpdated tick, DateTimeOffset now, List<object> send) => send.AddRange(_watch.OnTick(tick, now, TimeSpan.Zero));
}
