using System.Diagnostics;

namespace LeverageActors.Bench;

/// <summary>Warm-up, then several timed runs; the median, min and max of them.</summary>
public sealed record Timing(TimeSpan Median, TimeSpan Min, TimeSpan Max)
{
    public static Timing Of(int runs, Action action)
    {
        action();
        var times = new List<TimeSpan>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed);
        }

        times.Sort();
        return new Timing(times[times.Count / 2], times[0], times[^1]);
    }

    public static async Task<Timing> OfAsync(int runs, Func<Task> action, bool warmUp = true)
    {
        if (warmUp)
            await action();
        var times = new List<TimeSpan>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await action();
            times.Add(watch.Elapsed);
        }

        times.Sort();
        return new Timing(times[times.Count / 2], times[0], times[^1]);
    }
}

/// <summary>One line of the report: a scenario beside its baseline from the same run.</summary>
public sealed record Result(string Scenario, string Measure, string Median, string Range, string Baseline, string Ratio, string Target);
