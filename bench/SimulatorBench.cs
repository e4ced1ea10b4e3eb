using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Bench;

/// <summary>
/// The simulator's pure engine on the bundled Black-Thursday-like path with the default population,
/// against a raw loop over the same rows: every trader's margin test at every price, in arrays, as
/// a simulator without the risk index would do it (and with nothing else: no oracle, no sagas).
/// </summary>
public static class SimulatorBench
{
    public static IEnumerable<Result> Run(int traders, int runs)
    {
        var path = PriceFile.Read(Path.Combine(AppContext.BaseDirectory, "scenarios", "black-thursday.csv"));
        var spec = PopulationFile.Read(Path.Combine(AppContext.BaseDirectory, "scenarios", "population.json")) with { Traders = traders };
        var population = Population.Generate(spec, path.Start, path.End, 1);
        var run = new SimulationRun(path, population, new SimulationParameters(), 1);
        var steps = (double)traders * path.Points.Count;

        SimulationSummary? summary = null;
        var engine = Timing.Of(runs, () => summary = new PureEngine().Run(run).Summary);
        var raw = Timing.Of(runs, () => RawLoop(path, population));
        var engineRate = steps / engine.Median.TotalSeconds;
        var rawRate = steps / raw.Median.TotalSeconds;
        if (summary!.InvariantViolations.Count > 0)
            throw new InvalidOperationException("the simulated books do not balance: " + summary.InvariantViolations[0]);

        yield return new Result($"simulate: {traders:N0} traders × {path.Points.Count:N0} prices (pure engine)", "trader-price steps/s",
            Report.Rate(engineRate, "steps/s"), $"{Report.Ms(engine.Min)}–{Report.Ms(engine.Max)} a run",
            $"raw loop {Report.Rate(rawRate, "steps/s")}", Report.Ratio(engineRate / rawRate), "≥ 1,000,000 steps/s");
        yield return new Result($"simulate: {traders:N0} traders (pure engine)", "one run, all included",
            Report.Ms(engine.Median), $"{Report.Ms(engine.Min)}–{Report.Ms(engine.Max)}",
            $"raw loop {Report.Ms(raw.Median)}", Report.Ratio(raw.Median / engine.Median),
            $"{summary.FullLiquidations + summary.PartialLiquidations:N0} liquidations, books balance");
    }

    /// <summary>Each trader's equity against maintenance at each price, from the first price after it opened.</summary>
    private static int RawLoop(MarketPath path, Population population)
    {
        var n = population.Traders.Count;
        var opens = new long[n];
        var longs = new bool[n];
        var quantity = new decimal[n];
        var entry = new decimal[n];
        var collateral = new decimal[n];
        var price = path.Points[0].Price;
        for (var i = 0; i < n; i++)
        {
            var t = population.Traders[i];
            opens[i] = t.OpensAt.UtcTicks;
            longs[i] = t.Side == PositionSide.Long;
            entry[i] = price;
            collateral[i] = t.Collateral;
            quantity[i] = t.Collateral * t.Leverage / price;
        }

        var crossed = 0;
        foreach (var point in path.Points)
        {
            var p = point.Price;
            var ticks = point.Time.UtcTicks;
            for (var i = 0; i < n; i++)
            {
                if (opens[i] > ticks)
                    continue;
                var pnl = longs[i] ? quantity[i] * (p - entry[i]) : quantity[i] * (entry[i] - p);
                if (collateral[i] + pnl < quantity[i] * p * 0.01m)
                    crossed++;
            }
        }

        return crossed;
    }
}
