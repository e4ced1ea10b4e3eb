using System.Diagnostics.Metrics;

namespace LeverageActors.Actors.Metrics;

/// <summary>
/// Saga steps sent and not yet acknowledged, per entity kind, on this node: each awake entity
/// reports the size of its outbox whenever it sends it, and withdraws it when it stops. A value
/// that stays above zero is money waiting between two entities.
/// </summary>
public sealed class SagaMetrics(Meter meter)
{
    private readonly UpDownCounter<long> _inFlight = meter.CreateUpDownCounter<long>("leverage.saga.steps.in_flight", "{step}",
        "Saga messages sent by awake entities and not yet acknowledged");

    public void Changed(string entity, int from, int to)
    {
        if (from != to)
            _inFlight.Add(to - from, new KeyValuePair<string, object?>("entity", entity));
    }
}
