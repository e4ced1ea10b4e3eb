using System.Diagnostics.Metrics;

namespace LeverageActors.Actors.Metrics;

/// <summary>How long the journal takes to write a batch of events (one database round trip or transaction).</summary>
public sealed class JournalMetrics(Meter meter)
{
    private readonly Histogram<double> _writes = meter.CreateHistogram("leverage.journal.write.duration", "s",
        "Time to write one batch of events to the journal; result=ok or failed",
        advice: new InstrumentAdvice<double>
        {
            // From a fast local commit to a database that has stopped answering.
            HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        });

    private readonly Counter<long> _changed = meter.CreateCounter<long>("leverage.journal.changed",
        description: "Signs the digest keeper found that the journal was changed: how=link (a broken chain) or digest (the history its last digest committed to is gone)");

    public void Written(TimeSpan took, bool ok) =>
        _writes.Record(took.TotalSeconds, new KeyValuePair<string, object?>("result", ok ? "ok" : "failed"));

    public void Changed(string how, long count = 1) => _changed.Add(count, new KeyValuePair<string, object?>("how", how));
}
