namespace LeverageActors.Bench;

/// <summary>The scale scenario's lines: each size against the empty journal of the same run (the mean of the first and last points).</summary>
public static class ScaleReport
{
    public static IEnumerable<Result> Lines(IReadOnlyList<ScalePoint> points, int opens, int rounds, string engine)
    {
        var (first, last) = (points[0], points[^1]);
        var emptyRate = (first.PerSecond + last.PerSecond) / 2;
        var emptyCpu = (first.CpuPerOpen + last.CpuPerOpen) / 2;
        var emptyNode = (first.NodeHeap + last.NodeHeap) / 2;
        foreach (var p in points)
        {
            var scenario = $"{opens:N0} opens × {rounds} rounds with {p.Positions:N0} open positions held, on {engine}";
            var held = p.Positions > 0;
            yield return new Result(scenario, "opens/s", Report.Rate(p.PerSecond, "opens/s"),
                $"{p.Rounds.Min(r => r.PerSecond):N0}–{p.Rounds.Max(r => r.PerSecond):N0}",
                held ? $"no position held, first and last: {first.PerSecond:N0} and {Report.Rate(last.PerSecond, "opens/s")}" : "",
                held ? Report.Ratio(p.PerSecond / emptyRate) : "", "flat (≈ 1×)");
            yield return new Result(scenario, "CPU per open (both cores, the node's process)", Report.Ms(p.CpuPerOpen),
                $"{Report.Ms(p.Rounds.Min(r => r.CpuPerOpen))}–{Report.Ms(p.Rounds.Max(r => r.CpuPerOpen))}",
                held ? $"no position held, first and last: {Report.Ms(first.CpuPerOpen)} and {Report.Ms(last.CpuPerOpen)}" : "",
                held ? Report.Ratio(p.CpuPerOpen / emptyCpu) : "", "flat (≈ 1×)");
            if (p.Rounds.Sum(r => r.Accepted) is var accepted && accepted < opens * rounds)
                yield return new Result(scenario, "opens refused", $"{opens * rounds - accepted:N0}", "", "", "", "none");
            if (!held)
            {
                yield return new Result(scenario, "the node's heap after a full GC, idle 10 s (its heap less the process's before it started)",
                    Mb(p.NodeHeap), "", "", "", "");
                continue;
            }

            yield return new Result(scenario, "seeding, then start-up until the risk index watches all",
                $"{Report.Ms(p.Seeding)}, then {Report.Ms(p.Startup)}", "", "", "", "");
            yield return new Result(scenario, "the node's heap after a full GC per open position held, every position entity passivated",
                Bytes((p.NodeHeap - emptyNode) / (double)p.Positions), "",
                $"the node's heap, nothing held, first and last: {Mb(first.NodeHeap)} and {Mb(last.NodeHeap)}", "", "≤ 1 KB");
            yield return new Result(scenario, $"heap per awake idle position entity ({p.Woken:N0} woken by a query, against after they passivated)",
                Bytes((p.HeapWoken - p.HeapPassivated) / (double)p.Woken), "", $"against before they woke: {Bytes((p.HeapWoken - p.Idle) / (double)p.Woken)}", "", "");
        }
    }

    private static string Bytes(double b) => $"{b:N0} B";

    private static string Mb(long b) => $"{b / 1e6:N1} MB";
}
