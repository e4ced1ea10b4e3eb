using ScottPlot;

namespace LeverageActors.Bench;

/// <summary>
/// The scale scenario as a PNG (ScottPlot): opens/s and CPU per open against the number of open
/// positions held, one bar per size, written to docs/bench-scale.png of the repository the
/// benchmark runs from (or the temporary directory outside one).
/// </summary>
public static class ScalePlot
{
    public static string Save(IReadOnlyList<ScalePoint> points, string engine)
    {
        // The empty journal is measured first and last (the baseline and the drift of the machine's load).
        var labels = points.Select((p, i) => p.Positions > 0 ? p.Positions.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)
            : i == 0 ? "none, before" : "none, after").ToArray();
        var figure = new Multiplot();
        figure.AddPlots(2);
        Panel(figure.GetPlot(0), labels, points.Select(p => p.PerSecond), "opens/s", $"Opens end to end on {engine} (median of {points[0].Rounds.Count} rounds of {points[0].Rounds[0].Accepted:N0})");
        Panel(figure.GetPlot(1), labels, points.Select(p => p.CpuPerOpen.TotalMilliseconds), "CPU per open (ms, both cores)", "CPU per open");
        var path = Path.Combine(Docs() ?? Path.GetTempPath(), "bench-scale.png");
        figure.SavePng(path, 900, 700);
        return path;
    }

    private static void Panel(Plot plot, string[] labels, IEnumerable<double> values, string yLabel, string title)
    {
        var bars = plot.Add.Bars(values.ToArray());
        foreach (var bar in bars.Bars)
            bar.Label = bar.Value.ToString(bar.Value >= 100 ? "N0" : "0.00", System.Globalization.CultureInfo.InvariantCulture);
        bars.ValueLabelStyle.FontSize = 14;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, labels.Length).Select(i => (double)i).ToArray(), labels);
        plot.XLabel("open positions already held (journal and risk index)");
        plot.YLabel(yLabel);
        plot.Title(title);
        plot.Axes.Margins(bottom: 0, top: 0.15);
    }

    /// <summary>The docs folder of the repository above the working directory, if any.</summary>
    private static string? Docs()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "docs", "BENCHMARKS.md")))
                return Path.Combine(dir.FullName, "docs");
        return null;
    }
}
