using System.Diagnostics.Metrics;

namespace LeverageActors.Actors.Metrics;

/// <summary>What the cross-account watcher (docs/CROSS-WATCH.md) does: how many accounts it watches, checks and refreshes.</summary>
public sealed class CrossWatchMetrics(Meter meter)
{
    private readonly UpDownCounter<long> _watched = meter.CreateUpDownCounter<long>("leverage.cross.watched", "{account}",
        "Cross accounts the watcher holds bands for (a price can liquidate them)");

    private readonly Counter<long> _checks = meter.CreateCounter<long>("leverage.cross.checks", "{check}",
        "CheckCrossAccount sent: a tick reached the account's band, it had no surplus left, or it is under liquidation");

    private readonly Counter<long> _refreshes = meter.CreateCounter<long>("leverage.cross.refreshes", "{refresh}",
        "Exposures an account answered and the watcher re-centred its bands on");

    public void Watched(long change)
    {
        if (change != 0)
            _watched.Add(change);
    }

    public void Checked() => _checks.Add(1);

    public void Refreshed() => _refreshes.Add(1);
}
