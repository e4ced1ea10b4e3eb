namespace LeverageActors.Actors.Simulation;

/// <summary>One cell of a sweep: the value of each axis, and what the run gave.</summary>
public sealed record SweepCell(IReadOnlyList<(string Axis, string Value)> Values, SimulationSummary Summary)
{
    public string Label => string.Join(" ", Values.Select(v => $"{v.Axis}={v.Value}"));
}

/// <summary>
/// Every combination of the axes' values, run on the same path and population, in parallel on all
/// cores (each run has its own exchange; the path and population are shared and never written).
/// </summary>
public static class Sweep
{
    public static IReadOnlyList<IReadOnlyList<(string Axis, string Value)>> Grid(IReadOnlyList<SweepAxis> axes)
    {
        IEnumerable<IReadOnlyList<(string, string)>> grid = [[]];
        foreach (var axis in axes)
            grid = grid.SelectMany(cell => axis.Values.Select(v => (IReadOnlyList<(string, string)>)[.. cell, (axis.Name, v)])).ToList();
        return grid.ToList();
    }

    public static SimulationParameters Parameters(SimulationParameters baseline, IReadOnlyList<SweepAxis> axes, IReadOnlyList<(string Axis, string Value)> cell)
    {
        var p = baseline;
        foreach (var (name, value) in cell)
            p = axes.First(a => a.Name == name).Apply(p, value);
        return p;
    }

    /// <summary>What stops the sweep before it starts: cells whose parameters cannot run, one line each.</summary>
    public static IReadOnlyList<string> Problems(SimulationParameters baseline, IReadOnlyList<SweepAxis> axes) =>
        Grid(axes)
            .SelectMany(cell => Parameters(baseline, axes, cell).Problems()
                .Select(problem => $"{string.Join(" ", cell.Select(v => $"{v.Axis}={v.Value}"))}: {problem}"))
            .Distinct()
            .ToList();

    public static IReadOnlyList<SweepCell> Run(
        ISimulationEngine engine, MarketPath path, Population population, SimulationParameters baseline,
        IReadOnlyList<SweepAxis> axes, ulong seed, Action<SweepCell>? finished = null, int? parallelism = null)
    {
        var grid = Grid(axes);
        var results = new SweepCell[grid.Count];
        Parallel.For(0, grid.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism ?? Environment.ProcessorCount }, i =>
        {
            var run = new SimulationRun(path, population, Parameters(baseline, axes, grid[i]), seed);
            results[i] = new SweepCell(grid[i], engine.Run(run).Summary);
            finished?.Invoke(results[i]);
        });
        return results;
    }
}
