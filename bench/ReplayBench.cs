namespace LeverageActors.Bench;

/// <summary>The audit's replay against reading and deserializing the same rows and nothing else (<see cref="ReplayFixture"/>).</summary>
public static class ReplayBench
{
    public static IEnumerable<Result> Run(BenchDatabases databases, int trades, int runs)
    {
        var f = new ReplayFixture(databases.Create("replay"), trades);
        f.AssertClean();
        var events = f.Events;

        var raw = Timing.Of(runs, () => f.ReadAndDecode());
        var audit = Timing.Of(runs, () => f.Audit());

        var rate = events / audit.Median.TotalSeconds;
        var rawRate = events / raw.Median.TotalSeconds;
        yield return new Result($"audit replay, {events:N0} events on {f.Engine}", "events/s", Report.Rate(rate, "ev/s"),
            $"{Report.Rate(events / audit.Max.TotalSeconds, "")}–{Report.Rate(events / audit.Min.TotalSeconds, "")}",
            $"raw read + deserialize {Report.Rate(rawRate, "ev/s")}", Report.Ratio(rate / rawRate), "≥ 100,000/s and ≥ 0.5×");
    }
}
