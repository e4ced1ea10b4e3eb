using System.CommandLine;
using LeverageActors.Actors.Simulation;
using LeverageActors.Host.Simulation;
using Spectre.Console;

namespace LeverageActors.Host.Cli;

/// <summary>
/// Verb <c>simulate</c>: replays a price path against a trader population through the domain's
/// own code and reports liquidations, bad debt, insurance and LP outcomes (terminal table,
/// summary.json, series.csv, PNG charts). With <c>--sweep</c>, a grid of parameters in parallel.
/// <c>simulate compare</c> runs the risk designs side by side. Exit code 0 when the run's books
/// balance, 1 when they do not, 2 for a usage error.
/// </summary>
public static class SimulateCommand
{
    private static readonly Option<string[]> SweepOption = new("--sweep")
    {
        Description = "Parameters to vary, e.g. latency=0,60,600 mmr=0.005,0.01 features=fixed (names: " + string.Join(", ", SweepAxis.Names) + ")",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<string> Designs = new("--designs")
    {
        Description = "Risk designs to compare, first is the reference: fixed, dynamic, predictive",
        DefaultValueFactory = _ => "fixed,dynamic,predictive",
    };

    public static Command Create()
    {
        var options = new SimulateOptions();
        var command = new Command("simulate", "Replay a price path against a trader population and report liquidations and bad debt");
        foreach (var option in options.All)
            command.Options.Add(option);
        command.Options.Add(SweepOption);
        command.SetAction(result => Run(result, options));

        var compareOptions = new SimulateOptions();
        var compare = new Command("compare", "Run fixed margin, dynamic margin and dynamic margin + predictive deleverage on the same path and population");
        foreach (var option in compareOptions.All)
            compare.Options.Add(option);
        compare.Options.Add(Designs);
        compare.SetAction(result => Compare(result, compareOptions));
        command.Subcommands.Add(compare);
        command.Subcommands.Add(BacktestCommand.Create());
        return command;
    }

    private static int Run(ParseResult result, SimulateOptions options)
    {
        IReadOnlyList<SweepAxis> axes;
        try
        {
            axes = (result.GetValue(SweepOption) ?? []).Select(SweepAxis.Parse).ToList();
        }
        catch (FormatException e)
        {
            return Fail(e.Message);
        }

        var (inputs, error) = SimulationInputs.Load(result, options);
        if (inputs is null)
            return Fail(error!);
        return axes.Count > 0 ? RunSweep(inputs, axes) : RunOne(inputs);
    }

    private static int RunOne(SimulationInputs inputs)
    {
        if (inputs.Parameters.Problems() is { Count: > 0 } problems)
            return Fail(problems[0]);
        if (inputs.Engine is NodeEngine && NodeEngine.Unsupported(inputs.Parameters) is { } unsupported)
            return Fail(unsupported);

        var run = new SimulationRun(inputs.Path, inputs.Population, inputs.Parameters, inputs.Seed);
        var simulated = WithProgress($"Simulating {inputs.Population.Traders.Count:N0} traders on {inputs.Path.Source}",
            progress => inputs.Engine.Run(run, progress));

        Directory.CreateDirectory(inputs.Out);
        SimulationFiles.Write(simulated, inputs.Out);
        SimulationCharts.Write(simulated, inputs.Out);
        SimulateOutput.Summary(simulated.Summary, inputs.Out);
        return simulated.Summary.InvariantViolations.Count == 0 ? 0 : 1;
    }

    private static int RunSweep(SimulationInputs inputs, IReadOnlyList<SweepAxis> axes)
    {
        if (Sweep.Problems(inputs.Parameters, axes) is { Count: > 0 } problems)
            return Fail(problems[0]);
        if (inputs.Engine is NodeEngine)
            return Fail("--sweep runs on the pure engine (a node per cell would take hours)");

        var cells = Sweep.Grid(axes).Count;
        IReadOnlyList<SweepCell> results = [];
        WithProgress($"Sweeping {cells} runs on {Environment.ProcessorCount} cores", progress =>
        {
            var done = 0;
            results = Sweep.Run(inputs.Engine, inputs.Path, inputs.Population, inputs.Parameters, axes, inputs.Seed,
                _ => progress.Report((double)Interlocked.Increment(ref done) / cells));
            return results;
        });

        Directory.CreateDirectory(inputs.Out);
        SimulationFiles.WriteSweep(results, inputs.Out);
        SimulationCharts.Heatmaps(results, axes, inputs.Out);
        SimulateOutput.Sweep(results, axes, inputs.Out);
        return results.All(r => r.Summary.InvariantViolations.Count == 0) ? 0 : 1;
    }

    private static int Compare(ParseResult result, SimulateOptions options)
    {
        var names = result.GetValue(Designs)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.FirstOrDefault(n => RiskFeatures.Named(n) is null) is { } unknown)
            return Fail($"--designs: unknown design '{unknown}' (fixed, dynamic, predictive)");
        if (names.Length == 0)
            return Fail("--designs: name at least one design");

        var (inputs, error) = SimulationInputs.Load(result, options);
        if (inputs is null)
            return Fail(error!);
        if (inputs.Engine is NodeEngine)
            return Fail("compare runs on the pure engine");

        var designs = names.Select(n => new DesignRun(n, inputs.Parameters with { Features = RiskFeatures.Named(n)! })).ToList();
        var runnable = designs.Where(d => d.Parameters.Problems().Count == 0).ToList();
        if (runnable.Count == 0)
            return Fail($"{designs[0].Name}: {designs[0].Parameters.Problems()[0]}");

        var summaries = new SimulationSummary?[designs.Count];
        WithProgress($"Comparing {runnable.Count} design(s)", progress =>
        {
            var done = 0;
            Parallel.For(0, designs.Count, i =>
            {
                if (designs[i].Parameters.Problems().Count > 0)
                    return;
                summaries[i] = inputs.Engine.Run(new SimulationRun(inputs.Path, inputs.Population, designs[i].Parameters, inputs.Seed)).Summary;
                progress.Report((double)Interlocked.Increment(ref done) / runnable.Count);
            });
            return summaries;
        });

        var rows = designs.Select((d, i) => new DesignOutcome(d.Name, summaries[i], summaries[i] is null ? d.Parameters.Problems()[0] : null)).ToList();
        Directory.CreateDirectory(inputs.Out);
        SimulationFiles.WriteComparison(rows, inputs.Out);
        SimulateOutput.Comparison(rows, inputs.Out);
        return rows.All(r => r.Summary is null || r.Summary.InvariantViolations.Count == 0) ? 0 : 1;
    }

    private static T WithProgress<T>(string what, Func<IProgress<double>, T> work)
    {
        if (Console.IsOutputRedirected)
            return work(new Progress<double>(_ => { }));
        T value = default!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(what, maxValue: 1);
                value = work(new SynchronousProgress(v => task.Value = v));
                task.Value = 1;
            });
        return value;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 2;
    }

    private sealed record DesignRun(string Name, SimulationParameters Parameters);

    /// <summary>Reports on the caller's thread; <see cref="Progress{T}"/> would post to a thread pool.</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}

/// <summary>One row of a comparison: a design and its run, or why it could not run.</summary>
public sealed record DesignOutcome(string Design, SimulationSummary? Summary, string? NotAvailable);
