using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace LeverageActors.Bench.Micro;

/// <summary>
/// <c>bench micro [BenchmarkDotNet arguments]</c>: the tick and replay micro benchmarks under
/// BenchmarkDotNet, each beside its baseline. One short job (3 warm-ups, 3 iterations) run in this
/// process: a separately built and launched benchmark process per case costs minutes on a shared
/// 2-core machine and measures the same code. Without <c>--filter</c>, all of them.
/// </summary>
public static class MicroBench
{
    public static int Run(string[] args)
    {
        var job = Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess");
        var config = DefaultConfig.Instance.AddJob(job)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "leverage-bench-micro"));
        var arguments = args.Contains("--filter") ? args : [.. args, "--filter", "*"];
        var summaries = BenchmarkSwitcher.FromTypes([typeof(TickMicroBench), typeof(ReplayMicroBench)]).Run(arguments, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
