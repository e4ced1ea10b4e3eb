namespace LeverageActors.Actors.Oracles.Volatility;

/// <summary>
/// Kupiec's proportion-of-failures test (1995): is <c>failures</c> out of <c>observations</c>
/// consistent with a failure rate of <c>expected</c>? The likelihood ratio is χ²(1) under the
/// model; above 6.635 the model is rejected at 99% confidence. Statistics, not money: double.
/// </summary>
public sealed record KupiecTest(long Observations, long Failures, double Expected, double LikelihoodRatio)
{
    public const double Critical99 = 6.634896601021214;

    public double Observed => Observations == 0 ? 0 : (double)Failures / Observations;

    public bool Rejected => LikelihoodRatio > Critical99;

    public static KupiecTest Of(long observations, long failures, double expected)
    {
        if (observations <= 0)
            return new KupiecTest(0, 0, expected, 0);
        double n = observations, x = failures, p = expected, observed = x / n;
        var model = LogLikelihood(n, x, p);
        var best = LogLikelihood(n, x, observed);
        return new KupiecTest(observations, failures, expected, Math.Max(0, -2 * (model - best)));
    }

    // (n − x)·ln(1 − p) + x·ln p, with 0·ln 0 taken as 0.
    private static double LogLikelihood(double n, double x, double p) =>
        (n - x == 0 ? 0 : (n - x) * Math.Log(1 - p)) + (x == 0 ? 0 : x * Math.Log(p));
}
