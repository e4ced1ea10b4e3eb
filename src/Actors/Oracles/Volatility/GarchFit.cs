using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Oracles.Volatility;

/// <summary>
/// GARCH(1,1) fitted offline by variance targeting: α and β given, ω chosen so the model's long-run
/// variance ω / (1 − α − β) equals the path's mean per-second squared return. The fitted ω is what
/// an operator copies into <c>Markets:X:Volatility:Omega</c>.
/// </summary>
public static class GarchFit
{
    public static VolatilityModel VarianceTargeted(IReadOnlyList<(DateTimeOffset Time, decimal Price)> path, decimal alpha, decimal beta, TimeSpan sampleEvery)
    {
        // An EWMA with λ = 0 keeps only the last sample: the tracker then yields each per-second squared return.
        var raw = new VolatilityModel { Lambda = 0m, SampleEvery = sampleEvery };
        var tracker = VolatilityTracker.Empty;
        decimal sum = 0;
        long count = 0;
        foreach (var (time, price) in path)
        {
            var next = tracker.Sample(price, time, raw);
            if (next.Samples > tracker.Samples)
            {
                sum += next.Variance!.Value;
                count++;
            }

            tracker = next;
        }

        var longRun = count == 0 ? 0 : sum / count;
        return new VolatilityModel
        {
            Kind = VolatilityModelKind.Garch, Omega = longRun * (1 - alpha - beta), Alpha = alpha, Beta = beta, SampleEvery = sampleEvery,
        };
    }
}
