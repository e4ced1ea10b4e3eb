using LeverageActors.Actors.Simulation;
using ScottPlot;

namespace LeverageActors.Host.Simulation;

/// <summary>
/// PNG charts of a run (ScottPlot, rendered headless through SkiaSharp): the market price against
/// the oracle's, traders' equity against their maintenance requirement, liquidations per minute,
/// and the insurance fund against bad debt; each alone and the four together in overview.png.
/// </summary>
public static class SimulationCharts
{
    private const int Width = 1100;
    private const int PanelHeight = 320;

    public static void Write(SimulationResult result, string dir)
    {
        var samples = result.Samples;
        if (samples.Count < 2)
            return;
        var t = samples.Select(s => s.Time.UtcDateTime.ToOADate()).ToArray();
        var title = $"{result.Summary.Market}: {result.Summary.Prices}";
        Action<Plot>[] panels =
        [
            p => Prices(p, t, samples, title),
            p => Margin(p, t, samples),
            p => Liquidations(p, t, samples, result.Summary.Settings.LatencySeconds),
            p => Losses(p, t, samples),
        ];
        string[] names = ["price.png", "margin.png", "liquidations.png", "insurance.png"];
        for (var i = 0; i < panels.Length; i++)
        {
            var plot = new Plot();
            panels[i](plot);
            plot.SavePng(Path.Combine(dir, names[i]), Width, PanelHeight + 60);
        }

        var overview = new Multiplot();
        overview.AddPlots(panels.Length);
        for (var i = 0; i < panels.Length; i++)
            panels[i](overview.GetPlot(i));
        overview.SavePng(Path.Combine(dir, "overview.png"), Width, PanelHeight * panels.Length);
    }

    // Charts only: ScottPlot draws doubles; the amounts in the files and the summary stay decimal.
    private static void Prices(Plot plot, double[] t, IReadOnlyList<SimulationSample> s, string title)
    {
        plot.Title(title);
        Line(plot, t, s.Select(x => (double)x.MarketPrice), "market price");
        var oracle = s.Select((x, i) => (x.OraclePrice, i)).Where(x => x.OraclePrice is not null).ToList();
        if (oracle.Count > 1)
            Line(plot, oracle.Select(x => t[x.i]).ToArray(), oracle.Select(x => (double)x.OraclePrice!.Value), "oracle price");
        Finish(plot, "price");
    }

    private static void Margin(Plot plot, double[] t, IReadOnlyList<SimulationSample> s)
    {
        Line(plot, t, s.Select(x => (double)x.LongEquity), "longs' equity (collateral + PnL)");
        Line(plot, t, s.Select(x => (double)x.ShortEquity), "shorts' equity");
        Line(plot, t, s.Select(x => (double)x.MaintenanceRequirement), "maintenance requirement");
        Finish(plot, "USD");
    }

    private static void Liquidations(Plot plot, double[] t, IReadOnlyList<SimulationSample> s, double latency)
    {
        var minutes = s.Zip(t, (sample, time) => (First: sample, Second: time)).Where(x => x.First.Liquidations > 0).ToList();
        var bars = plot.Add.Bars(minutes.Select(x => x.Second).ToArray(), minutes.Select(x => (double)x.First.Liquidations).ToArray());
        bars.LegendText = $"liquidations per sample (oracle latency {latency:0.##} s)";
        foreach (var bar in bars.Bars)
            bar.Size = Math.Max(t[1] - t[0], 1e-9);
        Finish(plot, "liquidations");
        plot.Axes.SetLimitsX(t[0], t[^1]);
    }

    private static void Losses(Plot plot, double[] t, IReadOnlyList<SimulationSample> s)
    {
        Line(plot, t, s.Select(x => (double)x.InsuranceFund), "insurance fund");
        Line(plot, t, s.Select(x => (double)x.BadDebt), "bad debt (socialised)");
        Finish(plot, "USD");
    }

    private static void Line(Plot plot, double[] x, IEnumerable<double> y, string label)
    {
        var line = plot.Add.ScatterLine(x, y.ToArray());
        line.LegendText = label;
        line.LineWidth = 1.5f;
    }

    private static void Finish(Plot plot, string yLabel)
    {
        plot.Axes.DateTimeTicksBottom();
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperRight);
    }

    /// <summary>
    /// Bad debt as a percentage of peak open interest over the first two axes of a sweep; one map
    /// per combination of any further axes.
    /// </summary>
    public static void Heatmaps(IReadOnlyList<SweepCell> cells, IReadOnlyList<SweepAxis> axes, string dir)
    {
        var x = axes[0];
        var y = axes.Count > 1 ? axes[1] : null;
        var groups = cells.GroupBy(c => string.Join(" ", c.Values.Skip(2).Select(v => $"{v.Axis}={v.Value}")));
        foreach (var group in groups)
        {
            var rows = y?.Values.Count ?? 1;
            var values = new double[rows, x.Values.Count];
            foreach (var cell in group)
            {
                var col = x.Values.ToList().IndexOf(cell.Values[0].Value);
                var row = y is null ? 0 : y.Values.ToList().IndexOf(cell.Values[1].Value);
                // Heatmap rows run top to bottom; the first value of the y axis is drawn at the bottom.
                values[rows - 1 - row, col] = (double)cell.Summary.BadDebtPercent;
            }

            var plot = new Plot();
            var map = plot.Add.Heatmap(values);
            map.Colormap = new ScottPlot.Colormaps.Turbo();
            plot.Add.ColorBar(map).Label = "bad debt, % of peak open interest";
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                Enumerable.Range(0, x.Values.Count).Select(i => (double)i).ToArray(), x.Values.ToArray());
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                Enumerable.Range(0, rows).Select(i => (double)i).ToArray(), y?.Values.ToArray() ?? [""]);
            plot.XLabel(x.Name);
            plot.YLabel(y?.Name ?? "");
            plot.Title(group.Key.Length == 0 ? "Sweep" : $"Sweep, {group.Key}");
            for (var r = 0; r < rows; r++)
                for (var c = 0; c < x.Values.Count; c++)
                {
                    var text = plot.Add.Text($"{values[r, c]:0.###}%", c, rows - 1 - r);
                    text.LabelFontColor = Colors.White;
                    text.LabelAlignment = Alignment.MiddleCenter;
                }

            var name = group.Key.Length == 0 ? "heatmap.png" : $"heatmap-{group.Key.Replace('=', '-').Replace(' ', '_')}.png";
            plot.SavePng(Path.Combine(dir, name), 900, 600);
        }
    }
}
