using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Risk;

/// <summary>
/// The settlements whose answers the market's positions have recorded, as the risk index reads
/// their events in the journal, gathered for the pool to forget (docs/ARCHITECTURE.md, "What a
/// pool forgets"): read from the journal, each one is durable, and a close costs no message of its own.
/// </summary>
public sealed class RecordedSettlements
{
    /// <summary>As many as one message to the pool carries.</summary>
    public const int Batch = 500;

    private List<SettlementKey> _gathered = [];

    public bool Full => _gathered.Count >= Batch;

    public void Observe(IPositionEvent evt)
    {
        if (NumberOf(evt) is { } number)
            _gathered.Add(new SettlementKey(evt.PositionId, number));
    }

    /// <summary>What was gathered since the last call; null when nothing was.</summary>
    public IReadOnlyList<SettlementKey>? Take()
    {
        if (_gathered.Count == 0)
            return null;
        var taken = _gathered;
        _gathered = [];
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
