using System.Globalization;
using LeverageActors.Actors.Simulation;
using LeverageActors.Host.Markets;
using LeverageActors.Messages.Ids;
using Microsoft.Extensions.Configuration;

namespace LeverageActors.Host.Simulation;

/// <summary>
/// Reads a simulation's parameters from JSON. <c>Markets</c> is the node's own section, read by the
/// node's reader (same names, defaults and checks as appsettings.json); <c>Oracle</c>,
/// <c>Liquidator</c> and <c>Features</c> describe the rest. A key that is not known or a value out
/// of range is refused with one line naming it. <c>Features:Impact</c> runs with the impact factors
/// the market sets (<c>Markets:{market}:NegativeImpactFactor</c>, <c>PositiveImpactFactor</c>,
/// <c>ImpactExponent</c>, <c>MaxImpactFactor</c>, as on a node), or with
/// <see cref="SimulationParameters.DefaultImpact"/> when it sets no factor.
/// </summary>
public static class SimulationParametersFile
{
    private static readonly string[] Sections = ["Markets", "Oracle", "Liquidator", "Features", "SampleSeconds"];
    private static readonly string[] OracleKeys = ["LatencySeconds", "CadenceSeconds", "BreakerMove", "BreakerWindowSeconds", "BreakerCooldownSeconds"];
    private static readonly string[] LiquidatorKeys = ["DelaySeconds", "CapacityPerSecond", "Execution", "Mode"];
    private static readonly string[] FeatureKeys = ["DynamicMargin", "PredictiveDeleverage", "Adl", "NextPriceExecution", "Funding", "Impact"];

    public static SimulationParameters Read(string path, MarketId market)
    {
        if (!File.Exists(path))
            throw new InvalidDataException($"{path}: no such parameters file");
        IConfiguration configuration;
        try
        {
            configuration = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false).Build();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.InnerException?.Message ?? e.Message}");
        }

        return Read(configuration, market, Path.GetFileName(path));
    }

    public static SimulationParameters Read(IConfiguration c, MarketId market, string name)
    {
        Known(c, Sections, name, "");
        Known(c.GetSection("Oracle"), OracleKeys, name, "Oracle:");
        Known(c.GetSection("Liquidator"), LiquidatorKeys, name, "Liquidator:");
        Known(c.GetSection("Features"), FeatureKeys, name, "Features:");

        var parameters = new SimulationParameters();
        if (c.GetSection("Markets").GetChildren().Any())
        {
            Messages.Markets.MarketParameters? found;
            try
            {
                found = MarketConfiguration.Read(c).Find(market);
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidDataException($"{name}: {e.Message}");
            }

            parameters = parameters with
            {
                Market = found ?? throw new InvalidDataException($"{name}: Markets names no {market} (the simulated market)"),
            };
        }

        var o = c.GetSection("Oracle");
        var defaults = new OracleSettings();
        parameters = parameters with
        {
            Oracle = new OracleSettings
            {
                Latency = Seconds(o, "LatencySeconds", defaults.Latency, name),
                Cadence = Seconds(o, "CadenceSeconds", defaults.Cadence, name),
                BreakerMove = Number(o, "BreakerMove", defaults.BreakerMove, name, positive: true),
                BreakerWindow = Seconds(o, "BreakerWindowSeconds", defaults.BreakerWindow, name),
                BreakerCooldown = Seconds(o, "BreakerCooldownSeconds", defaults.BreakerCooldown, name),
            },
        };

        var l = c.GetSection("Liquidator");
        parameters = parameters with
        {
            Liquidator = new LiquidatorSettings
            {
                Delay = Seconds(l, "DelaySeconds", TimeSpan.Zero, name),
                CapacityPerSecond = Number(l, "CapacityPerSecond", 0m, name, positive: false),
                Execution = Choice(l, "Execution", LiquidationExecution.Oracle, name),
                Mode = Choice(l, "Mode", LiquidationMode.Partial, name),
            },
        };

        var f = c.GetSection("Features");
        parameters = parameters with
        {
            Features = new RiskFeatures(
                Flag(f, "DynamicMargin", name), Flag(f, "PredictiveDeleverage", name), Flag(f, "Adl", name),
                Flag(f, "NextPriceExecution", name), Flag(f, "Funding", name), Flag(f, "Impact", name)),
            SampleEvery = c["SampleSeconds"] is null ? parameters.SampleEvery : Seconds(c, "SampleSeconds", parameters.SampleEvery, name),
        };
        return parameters;
    }

    private static void Known(IConfiguration section, string[] keys, string name, string prefix)
    {
        foreach (var child in section.GetChildren())
            if (!keys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
                throw new InvalidDataException($"{name}: unknown setting {prefix}{child.Key} (known: {string.Join(", ", keys)})");
    }

    private static TimeSpan Seconds(IConfiguration s, string key, TimeSpan fallback, string name)
    {
        var value = Number(s, key, (decimal)fallback.TotalSeconds, name, positive: false);
        // A duration, not money: TimeSpan takes seconds as double.
        return TimeSpan.FromSeconds((double)value);
    }

    private static decimal Number(IConfiguration s, string key, decimal fallback, string name, bool positive)
    {
        var text = s[key];
        if (text is null)
            return fallback;
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || (positive && value == 0))
            throw new InvalidDataException($"{name}: {Where(s)}{key} must be a {(positive ? "positive" : "non-negative")} number, got '{text}'");
        return value;
    }

    private static T Choice<T>(IConfiguration s, string key, T fallback, string name) where T : struct, Enum
    {
        var text = s[key];
        if (text is null)
            return fallback;
        return Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value
            : throw new InvalidDataException(
                $"{name}: {Where(s)}{key} must be one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}, got '{text}'");
    }

    private static bool Flag(IConfiguration s, string key, string name)
    {
        var text = s[key];
        if (text is null)
            return false;
        return bool.TryParse(text, out var value)
            ? value
            : throw new InvalidDataException($"{name}: {Where(s)}{key} must be true or false, got '{text}'");
    }

    private static string Where(IConfiguration s) => s is IConfigurationSection section ? section.Path + ":" : "";
}
