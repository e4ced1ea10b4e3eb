using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Tests.Simulation;

/// <summary>Small paths and populations for simulation specs: a few hundred prices, a few hundred traders.</summary>
public static class SimulationSamples
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Two calm hours near 2,000, then −35% in an hour with a minute-scale gap, then a partial rebound.</summary>
    public static MarketPath Crash { get; } = new(MarketId.From("ETH-USD"), new AnchorPath(MarketId.From("ETH-USD"),
    [
        new(Start, 2000m, TimeSpan.FromMinutes(1)),
        new(Start.AddHours(2), 1990m, TimeSpan.FromMinutes(1)),
        new(Start.AddHours(2.5), 1800m, TimeSpan.FromMinutes(1)),
        new(Start.AddHours(2.5).AddMinutes(3), 1500m, TimeSpan.FromMinutes(1)),
        new(Start.AddHours(3), 1300m, TimeSpan.FromMinutes(1)),
        new(Start.AddHours(4), 1600m, TimeSpan.FromMinutes(1)),
    ], VolatilityPerStep: 0.002, Seed: 5).Points(), "crash");

    public static PopulationSpec Traders(int count) => new()
    {
        Traders = count,
        Entry = new EntryWindow(0, 2),
        Providers = new ProviderSpec(2, 5_000_000m, new WithdrawalBehaviour(0.5m, 0.01m, 0.5m)),
    };

    public static SimulationRun Run(int traders, SimulationParameters? parameters = null, ulong seed = 1) =>
        new(Crash, Population.Generate(Traders(traders), Crash.Start, Crash.End, seed), parameters ?? new SimulationParameters(), seed);

    /// <summary>The summary as JSON without its wall time, to compare two runs field by field.</summary>
    public static string Timeless(SimulationSummary s) =>
        System.Text.Json.JsonSerializer.Serialize(s with { WallSeconds = 0 }, LeverageActors.Host.Simulation.SimulationFiles.Json);
}
