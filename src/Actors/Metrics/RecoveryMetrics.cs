using System.Diagnostics.Metrics;

namespace LeverageActors.Actors.Metrics;

/// <summary>
/// Entity recoveries on this node, per entity kind and by where each started (<c>snapshot</c> or
/// <c>journal</c>): how many, the events they replayed, and the snapshots the journal did not vouch
/// for. A snapshot refused is a snapshot row edited or out of step with the journal: look at it.
/// </summary>
public sealed class RecoveryMetrics(Meter meter)
{
    private readonly Counter<long> _recoveries = meter.CreateCounter<long>("leverage.entity.recoveries", "{recovery}",
        "Entity recoveries, by entity kind and by where they started (snapshot or journal)");

    private readonly Counter<long> _replayed = meter.CreateCounter<long>("leverage.entity.recovery.events", "{event}",
        "Events replayed by entity recoveries, by entity kind and by where they started");

    private readonly Counter<long> _refused = meter.CreateCounter<long>("leverage.entity.snapshots.refused", "{snapshot}",
        "Snapshots the journal's next event did not vouch for; the entity then recovered from its journal alone");

    public void Recovered(string entity, bool fromSnapshot, long events)
    {
        var from = new KeyValuePair<string, object?>("from", fromSnapshot ? "snapshot" : "journal");
        var kind = new KeyValuePair<string, object?>("entity", entity);
        _recoveries.Add(1, kind, from);
        _replayed.Add(events, kind, from);
    }

    private readonly Counter<long> _failed = meter.CreateCounter<long>("leverage.entity.recoveries.failed", "{recovery}",
        "Entity recoveries that failed (the journal unreachable, a row unreadable), by entity kind");

    public void Refused(string entity) => _refused.Add(1, new KeyValuePair<string, object?>("entity", entity));

    public void Failed(string entity) => _failed.Add(1, new KeyValuePair<string, object?>("entity", entity));
}
