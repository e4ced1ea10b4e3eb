using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Risk;

/// <summary>
/// The risk index's rows for predictive liquidation (issue 17 item 3). A distance of k σ to
/// liquidation is a price threshold per position: its (cushioned) liquidation threshold moved
/// k·σ√h away in log price (<see cref="RiskDistance.Threshold"/>), so a second <see cref="RiskBook"/>
/// at the market's warning level finds the positions a tick brought within it in O(log N + k). The
/// deleverage level (1σ) lies between that and the liquidation threshold, so the same rows find it.
/// A warned position is checked on every tick until it records that it cleared: its row no longer
/// crosses once the price recovers, and only the position can tell it recovered.
/// </summary>
public sealed class RiskWarnings(decimal? level)
{
    private readonly RiskBook _book = new();
    private readonly HashSet<PositionId> _warned = [];
    private RiskScale? _scale;
    /// <summary>e^(k·σ√h), the same for every row: computed once per scale, not once per row.</summary>
    private decimal _grown;

    /// <summary>The market's warning level in σ; null when its margin is not dynamic (no rows).</summary>
    public decimal? Level { get; } = level;

    public RiskScale? Scale => _scale;

    public int Count => _book.Count;

    public int Warned => _warned.Count;

    /// <summary>The row for a position whose liquidation threshold is <paramref name="liquidation"/>; removed when there is none.</summary>
    public void Track(PositionId id, RiskRow? liquidation)
    {
        if (liquidation is { } row && _grown > 1)
            _book.Upsert(row with { Threshold = row.Side == PositionSide.Long ? row.Threshold * _grown : row.Threshold / _grown });
        else
            _book.Remove(id);
    }

    /// <summary>Folds the position's warnings; a position no longer live is forgotten.</summary>
    public void Observe(IPositionEvent evt, bool live)
    {
        if (!live)
        {
            _warned.Remove(evt.PositionId);
            _book.Remove(evt.PositionId);
        }
        else if (evt is PositionAtRisk)
            _warned.Add(evt.PositionId);
        else if (evt is PositionRiskCleared)
            _warned.Remove(evt.PositionId);
    }

    /// <summary>True when the scale moved: every row is then to be computed again.</summary>
    public bool Rescaled(RiskScale? scale)
    {
        if (scale is null || scale == _scale || Level is null)
            return false;
        _scale = scale;
        // As RiskDistance.Threshold: L·e^(kσ√h) for a long, L·e^(−kσ√h) for a short.
        _grown = Common.DecimalMath.Exp(Level.Value * RiskDistance.Move(scale));
        return true;
    }

    /// <summary>Whether a price reached this position's warning row, or it is warned.</summary>
    public bool Crosses(PositionId id, decimal price) => _warned.Contains(id) || _book.Crosses(id, price);

    /// <summary>The positions to check besides those past their liquidation threshold.</summary>
    public IEnumerable<PositionId> Crossed(decimal price) =>
        _warned.Count == 0 ? _book.Crossed(price) : _book.Crossed(price).Union(_warned);
}
