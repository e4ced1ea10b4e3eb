using LeverageActors.Actors.Oracles.Margin;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// Every recorded margin requirement, by market, so a breach or a liquidation is judged at the
/// requirement in force with the price it acted on (the oracle's records up to that price number, at
/// that price's time), even when the oracle has recorded later ones by the time its row is read.
/// </summary>
public sealed class MarginsInForce
{
    private readonly Dictionary<MarketId, List<MarginRequirementChanged>> _changes = new();

    public void Record(MarginRequirementChanged change)
    {
        if (!_changes.TryGetValue(change.Market, out var list))
            _changes[change.Market] = list = [];
        list.Add(change);
    }

    /// <summary>The σ and horizon of the requirement in force with price number <paramref name="priceSequence"/>; null without records.</summary>
    public RiskScale? ScaleAt(MarketId market, long priceSequence) =>
        _changes.TryGetValue(market, out var list) && list.LastOrDefault(c => c.PriceSequence <= priceSequence) is { } last
            ? new RiskScale(last.Sigma, last.Horizon)
            : null;

    /// <summary>Null in a market that never recorded one: the positions' own rates apply.</summary>
    public MarginInForce? At(MarketId market, long priceSequence, DateTimeOffset priceAt)
    {
        if (!_changes.TryGetValue(market, out var list))
            return null;
        var schedule = MarginSchedule.Empty;
        foreach (var change in list)
        {
            if (change.PriceSequence > priceSequence)
                break;
            schedule = schedule.After(change);
        }

        return schedule.At(priceAt);
    }
}
