namespace LeverageActors.Bench;

/// <summary>
/// A price tick in the risk index against the physical limit of detection: a plain loop over the
/// same positions in arrays, computing the margin test itself for every row (<see cref="TickFixture"/>).
/// </summary>
public static class TickBench
{
    public static IEnumerable<Result> Run(int positions, int runs)
    {
        var f = new TickFixture(positions);
        var crossedCalm = 0;
        var crossedCrash = 0;
        var index = Timing.Of(runs * 20, () => crossedCalm = f.IndexCrossed(f.Calm));
        var scan = Timing.Of(runs, () => f.ScanBreaches(f.Calm));
        var indexCrash = Timing.Of(runs * 5, () => crossedCrash = f.IndexCrossed(f.Crash));
        var scanCrash = Timing.Of(runs, () => f.ScanBreaches(f.Crash));
        var label = $"tick, {positions:N0} positions";
        yield return new Result(label, $"no threshold crossed ({crossedCalm})", Report.Us(index.Median),
            $"{Report.Us(index.Min)}–{Report.Us(index.Max)}", $"array scan {Report.Us(scan.Median)}",
            Report.Ratio(index.Median / scan.Median), "< 1 ms and ≤ 10× scan");
        yield return new Result(label, $"1% crossed ({crossedCrash})", Report.Us(indexCrash.Median),
            $"{Report.Us(indexCrash.Min)}–{Report.Us(indexCrash.Max)}", $"array scan {Report.Us(scanCrash.Median)}",
            Report.Ratio(indexCrash.Median / scanCrash.Median), "");
    }
}
