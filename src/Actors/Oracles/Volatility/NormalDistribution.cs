namespace LeverageActors.Actors.Oracles.Volatility;

/// <summary>The standard normal's upper tail, for the rate a margin of z·σ should be breached at.</summary>
public static class NormalDistribution
{
    /// <summary>1 − Φ(z) for z ≥ 0 (Abramowitz and Stegun 26.2.17, error below 7.5·10⁻⁸).</summary>
    public static double UpperTail(double z)
    {
        if (z < 0)
            return 1 - UpperTail(-z);
        var t = 1 / (1 + 0.2316419 * z);
        var density = Math.Exp(-z * z / 2) / Math.Sqrt(2 * Math.PI);
        var poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        return density * poly;
    }
}
