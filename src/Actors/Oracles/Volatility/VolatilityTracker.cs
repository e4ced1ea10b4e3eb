using LeverageActors.Actors.Common;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Oracles.Volatility;

/// <summary>
/// The running volatility estimate, folded from accepted prices only, so a replay reaches the same
/// digits. <see cref="Variance"/> is per second; null until the first return.
/// </summary>
public sealed record VolatilityTracker(decimal? LastPrice, DateTimeOffset? LastAt, decimal? Variance, long Samples)
{
    public static VolatilityTracker Empty { get; } = new(null, null, null, 0);

    public decimal? Sigma => Variance is { } v ? DecimalMath.Sqrt(v) : null;

    public VolatilityTracker Sample(decimal price, DateTimeOffset at, VolatilityModel model)
    {
        if (LastPrice is not { } last || LastAt is not { } lastAt)
            return this with { LastPrice = price, LastAt = at };
        var elapsed = at - lastAt;
        // Returns over a shorter span are mostly the sources' noise; they join the next sample instead.
        if (elapsed < model.SampleEvery || elapsed <= TimeSpan.Zero)
            return this;

        // Two logarithms, not the log of the ratio: 10²⁰ after 10⁻²⁰ would overflow a decimal
        // division inside Apply, and an oracle whose Apply throws could never recover again.
        var r = DecimalMath.Ln(price) - DecimalMath.Ln(last);
        var perSecond = r * r / ((decimal)elapsed.Ticks / TimeSpan.TicksPerSecond);
        var variance = Variance is not { } previous
            ? perSecond
            : model.Kind switch
            {
                VolatilityModelKind.Garch => model.Omega + model.Alpha * perSecond + model.Beta * previous,
                _ => model.Lambda * previous + (1 - model.Lambda) * perSecond,
            };
        return new VolatilityTracker(price, at, variance, Samples + 1);
    }
}
