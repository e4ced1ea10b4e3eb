using LeverageActors.Actors.Common;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Oracles.Volatility;

/// <summary>One model and z: how often the price went past the margin z·σ·√horizon within the horizon.</summary>
public sealed record BacktestRow(string Model, decimal Z, decimal MeanMargin, long LongBreaches, long ShortBreaches, KupiecTest Test);

/// <summary>
/// Replays a price path through a volatility model the way the oracle folds it (no look-ahead: the
/// margin at a price uses the estimate up to that price) and counts, for every sampled price with a
/// whole horizon after it, whether a long lost more than the margin (the lowest price within the
/// horizon below price·(1 − m)) and whether a short did (the highest above price·(1 + m)). A
/// Brownian path crosses a level z·σ·√h within h with probability 2·(1 − Φ(z)) (the reflection
/// principle): that is each side's expected rate. Overlapping horizons make the observations
/// dependent, so the test is indicative, not exact.
/// </summary>
public static class MarginBacktest
{
    public static IReadOnlyList<BacktestRow> Run(
        IReadOnlyList<(DateTimeOffset Time, decimal Price)> path, IReadOnlyList<(string Name, VolatilityModel Model)> models,
        IReadOnlyList<decimal> zs, TimeSpan horizon)
    {
        var rows = new List<BacktestRow>();
        var rootHorizon = DecimalMath.Sqrt((decimal)horizon.Ticks / TimeSpan.TicksPerSecond);
        foreach (var (name, model) in models)
        {
            var sigmas = SigmaAtEachPrice(path, model);
            foreach (var z in zs)
            {
                long observations = 0, longs = 0, shorts = 0;
                decimal marginSum = 0;
                for (var i = 0; i < path.Count; i++)
                {
                    if (sigmas[i] is not { } sigma || path[^1].Time < path[i].Time + horizon)
                        continue;
                    var margin = z * sigma * rootHorizon;
                    var (low, high) = Extremes(path, i, horizon);
                    observations++;
                    marginSum += margin;
                    if (low < path[i].Price * (1 - margin))
                        longs++;
                    if (high > path[i].Price * (1 + margin))
                        shorts++;
                }

                var expected = 2 * NormalDistribution.UpperTail((double)z);
                rows.Add(new BacktestRow(name, z, observations == 0 ? 0 : marginSum / observations, longs, shorts,
                    KupiecTest.Of(2 * observations, longs + shorts, expected)));
            }
        }

        return rows;
    }

    private static decimal?[] SigmaAtEachPrice(IReadOnlyList<(DateTimeOffset Time, decimal Price)> path, VolatilityModel model)
    {
        var sigmas = new decimal?[path.Count];
        var tracker = VolatilityTracker.Empty;
        for (var i = 0; i < path.Count; i++)
        {
            var before = tracker.Samples;
            tracker = tracker.Sample(path[i].Price, path[i].Time, model);
            // Only prices the model sampled are observations: between samples it has not moved.
            if (tracker.Samples > before && tracker.Samples >= model.MinSamples)
                sigmas[i] = tracker.Sigma;
        }

        return sigmas;
    }

    private static (decimal Low, decimal High) Extremes(IReadOnlyList<(DateTimeOffset Time, decimal Price)> path, int from, TimeSpan horizon)
    {
        var end = path[from].Time + horizon;
        decimal low = path[from].Price, high = low;
        for (var j = from + 1; j < path.Count && path[j].Time <= end; j++)
        {
            low = Math.Min(low, path[j].Price);
            high = Math.Max(high, path[j].Price);
        }

        return (low, high);
    }
}
