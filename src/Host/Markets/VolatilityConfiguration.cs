using System.Globalization;
using LeverageActors.Host.Node;
using LeverageActors.Messages.Oracles;
using Microsoft.Extensions.Configuration;

namespace LeverageActors.Host.Markets;

/// <summary>
/// Reads a market's <c>Volatility</c> section (<c>Model</c> = ewma|garch, <c>Lambda</c>, <c>Omega</c>,
/// <c>Alpha</c>, <c>Beta</c>, <c>SampleEvery</c>, <c>PublishEvery</c>, <c>PublishChange</c>,
/// <c>MinSamples</c>); null when the market has none and no dynamic margin, so it keeps the default EWMA.
/// With a dynamic margin, <c>SampleEvery</c> defaults to the margin's horizon.
/// </summary>
public static class VolatilityConfiguration
{
    public static VolatilityModel? Read(string market, IConfigurationSection section, TimeSpan? marginHorizon = null)
    {
        if (!section.Exists() && marginHorizon is null)
            return null;
        var name = $"Markets:{market}:Volatility";
        // A market whose margin follows σ samples its returns over the margin's own horizon: one source
        // moving the median back and forth within the agreement band every second made σ of that band per
        // second, a maintenance of ~46% over a 60 s horizon; over the horizon, at most z times the band.
        var d = marginHorizon is { } horizon
            ? VolatilityModel.Default with { SampleEvery = horizon > VolatilityModel.Default.SampleEvery ? horizon : VolatilityModel.Default.SampleEvery }
            : VolatilityModel.Default;
        var model = new VolatilityModel
        {
            Kind = section["Model"] switch
            {
                null or "" => d.Kind,
                var kind when Enum.TryParse<VolatilityModelKind>(kind, ignoreCase: true, out var parsed) && !int.TryParse(kind, out _) => parsed,
                var kind => throw new InvalidOperationException($"{name}:Model must be ewma or garch, got '{kind}'"),
            },
            Lambda = Number(name, "Lambda", section, d.Lambda),
            Omega = Number(name, "Omega", section, d.Omega),
            Alpha = Number(name, "Alpha", section, d.Alpha),
            Beta = Number(name, "Beta", section, d.Beta),
            SampleEvery = SettingDuration.Read($"{name}:SampleEvery", section["SampleEvery"], d.SampleEvery),
            PublishEvery = SettingDuration.Read($"{name}:PublishEvery", section["PublishEvery"], d.PublishEvery),
            PublishChange = Number(name, "PublishChange", section, d.PublishChange),
            MinSamples = (int)Number(name, "MinSamples", section, d.MinSamples),
        };
        if (Actors.Oracles.RiskModelLimits.Problem(model) is { } problem)
            throw new InvalidOperationException($"{name}: {problem}");
        return model;
    }

    private static decimal Number(string name, string key, IConfigurationSection section, decimal fallback) =>
        section[key] switch
        {
            null or "" => fallback,
            var text when decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) => value,
            var text => throw new InvalidOperationException($"{name}:{key} must be a number, got '{text}'"),
        };
}
