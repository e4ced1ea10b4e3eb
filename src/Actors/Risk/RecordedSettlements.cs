using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Risk;

/// <summary>
/// The settlements whose answers the market's positions have recorded, as the risk index reads
/// their events in the journal, gathered for the pool to forget (docs/ARCHITECTURE.md, "What a
/// pool forgets"): read from the journal, each one is durable, and a close costs no message of its own.
/// </summary>
/// <remarks>
/// While the index catches up, a record is gathered only if the pool still keeps its answer at
/// that point of the journal: the records of a stop, a crash or a move of the index, read before
/// it was caught up, are then forgotten too, and the catch-up holds no more than the pool keeps,
/// not every settlement the market ever had. Nothing goes to the pool before the index is caught
/// up: the catch-up reads a node's start, when waking every pool early would slow it.
/// </remarks>
public sealed class RecordedSettlements(bool caughtUp)
{
    /// <summary>As many as one message to the pool carries.</summary>
    public const int Batch = 500;

    private readonly List<SettlementKey> _gathered = [];

    /// <summary>During a catch-up: the pool's answers read and not yet recorded or forgotten.</summary>
    private HashSet<SettlementKey>? _kept = caughtUp ? null : [];

    /// <summary>During a catch-up: the answers recorded and not yet forgotten.</summary>
    private HashSet<SettlementKey>? _recorded = caughtUp ? null : [];

    public bool Full => _gathered.Count >= Batch;

    public void Observe(IPoolEvent evt)
    {
        switch (evt)
        {
            case PositionSettled e when _kept is not null:
                _kept.Add(new SettlementKey(e.PositionId, e.Number));
                break;
            case SettlementsForgotten e when _kept is not null:
                foreach (var key in e.Settlements)
                {
                    _kept.Remove(key);
                    _recorded!.Remove(key);
                }

                break;
        }
    }

    public void Observe(IPositionEvent evt)
    {
        if (NumberOf(evt) is not { } number)
            return;
        var key = new SettlementKey(evt.PositionId, number);
        if (_kept is null)
            _gathered.Add(key);
        else if (_kept.Remove(key))
            _recorded!.Add(key);
    }

    /// <summary>The catch-up is over: what it found recorded and still kept is gathered, and every record from here on.</summary>
    public void CaughtUp()
    {
        if (_recorded is null)
            return;
        _gathered.AddRange(_recorded);
        _kept = null;
        _recorded = null;
    }

    /// <summary>The oldest gathered, at most <see cref="Batch"/>; null when nothing is.</summary>
    public IReadOnlyList<SettlementKey>? Take()
    {
        if (_gathered.Count == 0)
            return null;
        var count = Math.Min(Batch, _gathered.Count);
        var taken = _gathered.GetRange(0, count);
        _gathered.RemoveRange(0, count);
        return taken;
    }

    private static int? NumberOf(IPositionEvent evt) => evt switch
    {
        PositionSettlementCompleted e => e.Number,
        PositionLiquidated e => e.Number,
        CrossPositionLiquidated e => e.Number,
        _ => null,
    };
}
