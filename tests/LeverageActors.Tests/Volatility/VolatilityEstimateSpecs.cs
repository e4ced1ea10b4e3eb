using LeverageActors.Actors.Oracles.Volatility;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Tests.Volatility;

/// <summary>
/// EWMA and GARCH(1,1) on a short series against values computed at 50 digits: prices 2000, 2010,
/// 1990, 2005, 1980, 2001 at 0, 1, 2, 4, 5 and 6 seconds (the third return spans 2 s, so its
/// squared log return is halved: variance per second).
/// </summary>
public class VolatilityEstimateSpecs
{
    private const decimal Tolerance = 0.0000000000000000000000001m; // 1e-25
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly (decimal Price, int Second)[] Series = [(2000m, 0), (2010m, 1), (1990m, 2), (2005m, 4), (1980m, 5), (2001m, 6)];

    private static VolatilityTracker Run(VolatilityModel model, int prices = 6) =>
        Series.Take(prices).Aggregate(VolatilityTracker.Empty, (t, p) => t.Sample(p.Price, T0.AddSeconds(p.Second), model));

    private static void Near(string expected, decimal? actual) =>
        Assert.InRange(Math.Abs(actual!.Value - decimal.Parse(expected)), 0m, Tolerance);

    [Fact]
    public void Ewma_starts_at_the_first_squared_return_then_decays_by_lambda()
    {
        var model = VolatilityModel.Default; // λ = 0.94

        // v1 = ln(2010/2000)² / 1 s
        Near("0.000024875570324337925645690420228166425565006726466687", Run(model, 2).Variance);
        // v2 = 0.94·v1 + 0.06·ln(1990/2010)²
        Near("0.000029383136106794356060167763356786741610629045692915", Run(model, 3).Variance);
        // v3 = 0.94·v2 + 0.06·ln(2005/1990)² / 2 s
        Near("0.000029311890513580892540600430904178928788485347196838", Run(model, 4).Variance);
        var all = Run(model);
        Near("0.000041457603822831137215004967056492505759316510393651", all.Variance);
        Near("0.0064387579410031510529186514986088067336144483011249", all.Sigma);
        Assert.Equal(5, all.Samples);
    }

    [Fact]
    public void Garch_adds_omega_and_weighs_the_return_by_alpha_and_the_last_variance_by_beta()
    {
        var model = new VolatilityModel { Kind = VolatilityModelKind.Garch, Omega = 0.000001m, Alpha = 0.1m, Beta = 0.85m };

        // v2 = 0.000001 + 0.1·ln(1990/2010)² + 0.85·v1
        Near("0.000032144401445548413387534804431125297696126922187065", Run(model, 3).Variance);
        Near("0.000048862789152100415980890748783956699715707830330014", Run(model).Variance);
        Near("0.0069901923544420732900975703243243690248768674068609", Run(model).Sigma);
    }

    [Fact]
    public void A_price_sooner_than_the_sample_interval_joins_the_next_sample()
    {
        var model = VolatilityModel.Default; // samples at least 1 s apart
        var tracker = VolatilityTracker.Empty.Sample(2000m, T0, model).Sample(2010m, T0.AddSeconds(1), model);

        var early = tracker.Sample(1900m, T0.AddMilliseconds(1500), model);
        var next = early.Sample(1990m, T0.AddSeconds(2), model);

        Assert.Same(tracker, early);
        Assert.Equal(Run(model, 3), next); // the same as if the early price had never come
    }

    [Fact]
    public void The_first_price_only_sets_the_reference()
    {
        var tracker = VolatilityTracker.Empty.Sample(2000m, T0, VolatilityModel.Default);

        Assert.Null(tracker.Variance);
        Assert.Equal(0, tracker.Samples);
        Assert.Equal(2000m, tracker.LastPrice);
    }
}
