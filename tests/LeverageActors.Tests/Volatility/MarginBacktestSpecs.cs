using LeverageActors.Actors.Oracles.Volatility;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Tests.Volatility;

public class MarginBacktestSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly VolatilityModel Quick = new() { MinSamples = 2 };

    [Fact]
    public void Kupiec_accepts_the_expected_rate_and_rejects_three_times_it()
    {
        // 10 failures in 1,000 at 1%: the observed rate is the expected one, LR = 0.
        Assert.Equal(0, KupiecTest.Of(1_000, 10, 0.01).LikelihoodRatio, 12);
        // 30 in 1,000: LR = −2[970·ln(0.99/0.97) + 30·ln(0.01/0.03)] = 26.3.
        var tripled = KupiecTest.Of(1_000, 30, 0.01);
        Assert.Equal(-2 * (970 * Math.Log(0.99 / 0.97) + 30 * Math.Log(0.01 / 0.03)), tripled.LikelihoodRatio, 9);
        Assert.True(tripled.Rejected);
        Assert.False(KupiecTest.Of(1_000, 13, 0.01).Rejected); // LR 0.83
    }

    [Fact]
    public void The_normal_tail_matches_its_table_values()
    {
        Assert.Equal(0.05, NormalDistribution.UpperTail(1.6448536), 6);
        Assert.Equal(0.01, NormalDistribution.UpperTail(2.3263479), 6);
        Assert.Equal(0.5, NormalDistribution.UpperTail(0), 6);
    }

    [Fact]
    public void A_drop_past_the_margin_within_the_horizon_is_a_long_breach_and_a_later_one_is_not()
    {
        // Alternating ±0.1% every second builds σ ≈ 0.001 per √s; then a 5% drop.
        var path = Enumerable.Range(0, 20).Select(i => (T0.AddSeconds(i), i % 2 == 0 ? 1000m : 1001m)).ToList();
        path.Add((T0.AddSeconds(20), 950m));
        path.Add((T0.AddSeconds(200), 950m));

        var row = MarginBacktest.Run(path, [("ewma", Quick)], [3m], TimeSpan.FromSeconds(10)).Single();

        // Only the prices at 10..19 s see the drop at 20 s within their 10-s horizon (the one at 19 s
        // is at 1001, 10 s before at 1000): σ·3·√10 ≈ 1% < 5%, so each is a long breach; no short breach.
        Assert.Equal(10, row.LongBreaches);
        Assert.Equal(0, row.ShortBreaches);
        // Observations: every sampled price from the first estimate (second 2) with 10 s after it.
        Assert.Equal(2 * (20 - 1), row.Test.Observations);
        Assert.True(row.Test.Rejected);
    }

    [Fact]
    public void Garch_is_fitted_so_its_long_run_variance_is_the_paths()
    {
        var path = new[] { (T0, 100m), (T0.AddSeconds(1), 101m), (T0.AddSeconds(3), 100m) };

        var fitted = GarchFit.VarianceTargeted(path, 0.05m, 0.90m, TimeSpan.FromSeconds(1));

        var r1 = Actors.Common.DecimalMath.Ln(1.01m);
        var r2 = Actors.Common.DecimalMath.Ln(100m / 101m);
        var mean = (r1 * r1 + r2 * r2 / 2) / 2;
        Assert.Equal(mean * 0.05m, fitted.Omega);
        Assert.Equal(VolatilityModelKind.Garch, fitted.Kind);
    }
}
