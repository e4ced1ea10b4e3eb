using System.Text.Json.Serialization;

namespace LeverageActors.Actors.Simulation;

public enum DistributionShape
{
    Uniform,
    LogUniform,
}

/// <summary>A range to draw from: uniform, or log-uniform (as many 2–4x as 10–20x traders).</summary>
public sealed record Distribution(decimal Min, decimal Max, DistributionShape Shape = DistributionShape.Uniform)
{
    [JsonIgnore]
    public bool IsValid => Min > 0 && Max >= Min;

    /// <summary>A draw rounded down to <paramref name="places"/> decimals, never below <see cref="Min"/>.</summary>
    public decimal Draw(SeededRandom random, int places)
    {
        var u = random.NextDouble();
        var value = Shape == DistributionShape.LogUniform
            ? Math.Exp(Math.Log((double)Min) + u * (Math.Log((double)Max) - Math.Log((double)Min)))
            : (double)Min + u * (double)(Max - Min);
        var rounded = Math.Round((decimal)value, places, MidpointRounding.ToZero);
        return Math.Clamp(rounded, Min, Max);
    }
}
