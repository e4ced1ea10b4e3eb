using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Deleveraging;

/// <summary>
/// One auto-deleveraging round: the price that triggered it, the trigger's inputs, the ranking at that
/// price, the profit it must realise, and what it has asked of each position so far. A position that
/// is skipped is replaced by the next in the ranking, at the same price and under the same trigger.
/// </summary>
public sealed class AdlRound(long number, PriceUpdated tick, decimal netPnl, decimal poolValue, IReadOnlyList<AdlCandidate> ranked, decimal toRealise, LpLossTrigger? lpLoss = null)
{
    private readonly Dictionary<PositionId, decimal> _asked = new();
    private readonly HashSet<PositionId> _skipped = [];

    public PriceUpdated Tick { get; } = tick;

    public decimal NetPnl { get; } = netPnl;

    public decimal PoolValue { get; } = poolValue;

    public IReadOnlyList<AdlCandidate> Ranked { get; } = ranked;

    public decimal ToRealise { get; } = toRealise;

    /// <summary>The LPs' loss trigger's inputs when it started the round; null when the PnL factor did.</summary>
    public LpLossTrigger? LpLoss { get; } = lpLoss;

    /// <summary>The round's number: how many of the market's events the watch had read (<see cref="AdlWatch.Observed"/>).</summary>
    public long Number { get; } = number;

    public void Skipped(PositionId id)
    {
        _asked.Remove(id);
        _skipped.Add(id);
    }

    /// <summary>The reductions still to ask for, in ranking order, until the asked profit covers what the round must realise.</summary>
    public IReadOnlyList<(AdlCandidate Candidate, int Rank, decimal Fraction)> Next()
    {
        var remaining = ToRealise - _asked.Values.Sum();
        var next = new List<(AdlCandidate, int, decimal)>();
        for (var i = 0; i < Ranked.Count && remaining > 0; i++)
        {
            var c = Ranked[i];
            if (_asked.ContainsKey(c.Id) || _skipped.Contains(c.Id))
                continue;
            var fraction = AdlMath.Fraction(remaining, c.Pnl, c.Notional, c.DustNotional);
            var realised = c.Pnl * fraction;
            _asked[c.Id] = realised;
            remaining -= realised;
            next.Add((c, i + 1, fraction));
        }

        return next;
    }
}
