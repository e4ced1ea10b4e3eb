using System.Diagnostics.Metrics;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Metrics;

/// <summary>What the oracles made of their sources' reports.</summary>
public sealed class OracleMetrics(Meter meter)
{
    private readonly Counter<long> _accepted = meter.CreateCounter<long>("leverage.oracle.prices.accepted", "{price}",
        "Oracle prices accepted (median of fresh, agreeing reports) and published");

    private readonly Counter<long> _ignored = meter.CreateCounter<long>("leverage.oracle.reports.ignored", "{report}",
        "Source reports the oracle left out, by reason (stale, deviation, ...)");

    public void Accepted(MarketId market) => _accepted.Add(1, new KeyValuePair<string, object?>("market", market.Value));

    public void Ignored(MarketId market, string reason) =>
        _ignored.Add(1, new KeyValuePair<string, object?>("market", market.Value), new KeyValuePair<string, object?>("reason", reason));
}
