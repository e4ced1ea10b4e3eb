using System.Globalization;
using LeverageActors.Host.Node;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Oracles;
using Microsoft.Extensions.Configuration;

namespace LeverageActors.Host.Markets;

/// <summary>
/// Reads a market's <c>DynamicMargin</c> section (<c>Z</c>, <c>LiquidationDelay</c>, <c>Grace</c>,
/// <c>MinChange</c>, <c>MaintenanceCeiling</c>); null when the market has none, so its margin stays fixed. The base rates are the
/// market's own maintenance and initial margin.
/// </summary>
public static class MarginConfiguration
{
    public static DynamicMargin? Read(string market, IConfigurationSection section, MarketParameters parameters)
    {
        if (!section.Exists())
            return null;
        var name = $"Markets:{market}:DynamicMargin";
        var d = new DynamicMargin();
        var grace = section["Grace"] is { Length: > 0 } text ? SettingDuration.Read($"{name}:Grace", text, TimeSpan.Zero) : (TimeSpan?)null;
        var margin = new DynamicMargin
        {
            Z = Number(name, "Z", section, d.Z),
            LiquidationDelay = SettingDuration.Read($"{name}:LiquidationDelay", section["LiquidationDelay"], d.LiquidationDelay),
            Grace = grace,
            MinChange = Number(name, "MinChange", section, d.MinChange),
            MaintenanceBase = parameters.MaintenanceMarginRate,
            InitialBase = parameters.InitialMarginRate,
            MaintenanceCeiling = section["MaintenanceCeiling"] is { Length: > 0 } ? Number(name, "MaintenanceCeiling", section, 0m) : null,
        };
        if (Actors.Oracles.RiskModelLimits.Problem(margin) is { } problem)
            throw new InvalidOperationException($"{name}: {problem}");
        return margin;
    }

    private static decimal Number(string name, string key, IConfigurationSection section, decimal fallback) =>
        section[key] switch
        {
            null or "" => fallback,
            var text when decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) => value,
            var text => throw new InvalidOperationException($"{name}:{key} must be a number, got '{text}'"),
        };
}
