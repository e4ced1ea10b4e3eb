using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Risk;

/// <summary>
/// What the risk index knows for predictive liquidation (issue 17 item 3). A distance of k σ to
/// liquidation is a price threshold per position: its (cushioned) liquidation threshold moved
/// k·σ√h away in log price (<see cref="RiskDistance.Threshold"/>), the same factor
/// <see cref="Growth"/> for every row, so the index's <see cref="ScaledRiskBook"/> finds the
/// positions a tick brought within the level in O(log N + k) from the same rows as their
/// liquidation thresholds. The deleverage level (1σ) lies between that and the liquidation
/// threshold, so the same rows find it. A warned position is checked on every tick until it
/// records that it cleared: its row no longer crosses once the price recovers, and only the
/// position can tell it recovered.
/// </summary>
public sealed class RiskWarnings(decimal? level)
{
    private readonly HashSet<PositionId> _warned = [];
    private RiskScale? _scale;

    /// <summary>The market's warning level in σ; null when its margin is not dynamic (no rows).</summary>
    public decimal? Level { get; } = level;

    public RiskScale? Scale => _scale;

    /// <summary>e^(k·σ√h): a long's warning row is its liquidation row times it, a short's divided by it; 0 before a scale (no warning rows).</summary>
    public decimal Growth { get; private set; }

    public int Warned => _warned.Count;

    /// <summary>Folds the position's warnings; a position no longer live is forgotten.</summary>
    public void Observe(IPositionEvent evt, bool live)
    {
        if (!live)
            _warned.Remove(evt.PositionId);
        else if (evt is PositionAtRisk)
            _warned.Add(evt.PositionId);
        else if (evt is PositionRiskCleared)
            _warned.Remove(evt.PositionId);
    }

    /// <summary>True when the scale moved: every warning row then moves by the new <see cref="Growth"/>.</summary>
    public bool Rescaled(RiskScale? scale)
    {
        if (scale is null || scale == _scale || Level is null)
            return false;
        _scale = scale;
        // As RiskDistance.Threshold: L·e^(kσ√h) for a long, L·e^(−kσ√h) for a short.
        Growth = RiskDistance.Growth(Level.Value, scale);
        return true;
    }

    public bool IsWarned(PositionId id) => _warned.Contains(id);

    /// <summary>
    /// The positions a price reached in <paramref name="book"/>: past their liquidation row, or
    /// (when the market warns) within the level or warned already, in that order.
    /// </summary>
    public IEnumerable<PositionId> Crossed(ScaledRiskBook book, decimal price)
    {
        var crossed = book.Crossed(price, warning: false);
        if (Level is null)
            return crossed;
        crossed = crossed.Union(book.Crossed(price, warning: true));
        return _warned.Count == 0 ? crossed : crossed.Union(_warned);
    }

    /// <summary>Whether a price reached this position's row in <paramref name="book"/>, or it is warned.</summary>
    public bool Crosses(ScaledRiskBook book, PositionId id, decimal price) => book.Crosses(id, price) || _warned.Contains(id);
}
