using System.Globalization;

namespace LeverageActors.Bench;

public static class Report
{
    public static string Us(TimeSpan t) => (t.TotalMilliseconds * 1000).ToString("0.0", CultureInfo.InvariantCulture) + " µs";

    public static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString(t.TotalMilliseconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";

    public static string Rate(double perSecond, string unit) => perSecond.ToString("N0", CultureInfo.InvariantCulture) + " " + unit;

    public static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + "×";

    public static void Print(IEnumerable<Result> results)
    {
        Console.WriteLine();
        Console.WriteLine("| scenario | measure | median | min–max | baseline (same run) | ratio | target |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var r in results)
            Console.WriteLine($"| {r.Scenario} | {r.Measure} | {r.Median} | {r.Range} | {r.Baseline} | {r.Ratio} | {r.Target} |");
    }
}
