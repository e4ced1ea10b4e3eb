using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Bench;

/// <summary>The audit's replay against reading and deserializing the same rows and nothing else.</summary>
public static class ReplayBench
{
    public static IEnumerable<Result> Run(BenchDatabases databases, int trades, int runs)
    {
        var db = databases.Create("replay");
        var exchange = JournalFixture.Trading(open: trades / 10, closed: trades - trades / 10);
        LeverageActors.Actors.Persistence.JournalTableWriter.Write(db.Journal, exchange.Journal);
        var source = JournalSource.For(db.Journal);
        var events = source.Count();

        var raw = Timing.Of(runs, () =>
        {
            foreach (var row in source.Rows())
                _ = LeverageSerializer.Decode(row.Payload, row.Manifest!);
        });
        var violations = 0;
        var audit = Timing.Of(runs, () =>
        {
            var ledger = new AuditLedger(MarketCatalog.Default);
            foreach (var row in source.Rows())
                ledger.Read(row);
            ledger.Finish();
            violations = ledger.Violations.Count;
        });
        if (violations > 0)
            throw new InvalidOperationException($"the benchmark journal has {violations} violations");

        var rate = events / audit.Median.TotalSeconds;
        var rawRate = events / raw.Median.TotalSeconds;
        yield return new Result($"audit replay, {events:N0} events on {db.Engine}", "events/s", Report.Rate(rate, "ev/s"),
            $"{Report.Rate(events / audit.Max.TotalSeconds, "")}–{Report.Rate(events / audit.Min.TotalSeconds, "")}",
            $"raw read + deserialize {Report.Rate(rawRate, "ev/s")}", Report.Ratio(rate / rawRate), "≥ 100,000/s and ≥ 0.5×");
    }
}
