using System.Globalization;

namespace LeverageActors.Actors.Simulation;

/// <summary>
/// One dimension of a sweep, e.g. <c>latency=0,60,600</c>: a parameter and the values it takes.
/// Each value is checked when the sweep is read, so a typo fails before anything runs.
/// </summary>
public sealed record SweepAxis(string Name, IReadOnlyList<string> Values)
{
    public static readonly IReadOnlyList<string> Names =
        ["latency", "cadence", "mmr", "leverage", "penalty", "delay", "capacity", "execution", "mode", "features"];

    /// <summary>Reads <c>name=v1,v2,...</c>; throws <see cref="FormatException"/> with one line naming the problem.</summary>
    public static SweepAxis Parse(string token)
    {
        var eq = token.IndexOf('=');
        if (eq <= 0 || eq == token.Length - 1)
            throw new FormatException($"--sweep {token}: expected name=value,value,... (names: {string.Join(", ", Names)})");
        var name = token[..eq].Trim().ToLowerInvariant();
        if (!Names.Contains(name))
            throw new FormatException($"--sweep {token}: unknown parameter '{name}' (names: {string.Join(", ", Names)})");
        var values = token[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var axis = new SweepAxis(name, values);
        foreach (var value in values)
            axis.Apply(new SimulationParameters(), value);
        if (values.Count == 0 || values.Distinct().Count() != values.Count)
            throw new FormatException($"--sweep {token}: give each value once");
        return axis;
    }

    /// <summary>The parameters with this axis at <paramref name="value"/>.</summary>
    public SimulationParameters Apply(SimulationParameters p, string value) => Name switch
    {
        "latency" => p with { Oracle = p.Oracle with { Latency = Seconds(value) } },
        "cadence" => p with { Oracle = p.Oracle with { Cadence = Seconds(value) } },
        "mmr" => p with { Market = p.Market with { MaintenanceMarginRate = Fraction(value) } },
        "leverage" => p with { Market = p.Market with { MaxLeverage = Number(value, above: 1) } },
        "penalty" => p with { Market = p.Market with { LiquidationPenaltyRate = Fraction(value) } },
        "delay" => p with { Liquidator = p.Liquidator with { Delay = Seconds(value) } },
        "capacity" => p with { Liquidator = p.Liquidator with { CapacityPerSecond = Number(value, above: -1) } },
        "execution" => p with { Liquidator = p.Liquidator with { Execution = Choice<LiquidationExecution>(value) } },
        "mode" => p with { Liquidator = p.Liquidator with { Mode = Choice<LiquidationMode>(value) } },
        "features" => p with
        {
            Features = RiskFeatures.Named(value) ?? throw Bad(value, "a feature set: fixed, dynamic or predictive"),
        },
        _ => throw new FormatException($"unknown sweep parameter {Name}"),
    };

    private TimeSpan Seconds(string value) => TimeSpan.FromSeconds((double)Number(value, above: -1));

    private decimal Fraction(string value)
    {
        var number = Number(value, above: 0);
        return number < 1 ? number : throw Bad(value, "a fraction below 1");
    }

    private decimal Number(string value, decimal above) =>
        decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > above
            ? number
            : throw Bad(value, above < 0 ? "a non-negative number" : $"a number above {above}");

    private T Choice<T>(string value) where T : struct, Enum =>
        Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw Bad(value, "one of " + string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant())));

    private FormatException Bad(string value, string expected) => new($"--sweep {Name}: '{value}' is not {expected}");
}
