using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Risk;

/// <summary>
/// The live positions of one market as the risk index folds them from the journal, one compact
/// <see cref="RiskPosition"/> each. Every position event carries its own copy of the market
/// parameters once deserialized (17 decimals); equal copies are shared, so a market's positions
/// hold one.
/// </summary>
public sealed class WatchedPositions
{
    private readonly Dictionary<PositionId, RiskPosition> _live = new();
    private readonly Dictionary<MarketParameters, MarketParameters> _parameters = new();

    public int Count => _live.Count;

    public IEnumerable<RiskPosition> All => _live.Values;

    public RiskPosition? Find(Messages.Ids.PositionId id) => _live.GetValueOrDefault(id);

    /// <summary>
    /// Folds one event. Returns the position after it (no longer live when it closed, failed or was
    /// liquidated), or null for an event of a position the index never saw open or does not watch (a cross one).
    /// </summary>
    public RiskPosition? Apply(IPositionEvent evt)
    {
        RiskPosition position;
        // A cross position holds no collateral of its own: its margin is its account's, which the
        // cross accounts' watcher judges (docs/CROSS-WATCH.md). Watched here it would look bankrupt.
        if (evt is PositionOpenRequested { Cross: true })
            return null;
        if (evt is PositionOpenRequested requested)
            position = RiskPosition.Requested(requested, Shared(requested.Parameters));
        else if (_live.TryGetValue(evt.PositionId, out var known))
            position = known.Apply(evt);
        else
            return null;

        if (position.IsLive)
            _live[position.Id] = position;
        else
            _live.Remove(position.Id);
        return position;
    }

    private MarketParameters Shared(MarketParameters parameters)
    {
        if (_parameters.TryGetValue(parameters, out var shared))
            return shared;
        _parameters[parameters] = parameters;
        return parameters;
    }
}
