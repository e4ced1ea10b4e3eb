namespace LeverageActors.Actors.Simulation;

/// <summary>One simulation to run: a price path, a population drawn for it, the parameters.</summary>
public sealed record SimulationRun(MarketPath Path, Population Population, SimulationParameters Parameters, ulong Seed);

/// <summary>A finished run: its summary and its time series.</summary>
public sealed record SimulationResult(SimulationSummary Summary, IReadOnlyList<SimulationSample> Samples);

/// <summary>
/// Runs a simulation. The pure engine drives the domain states in-process; the node engine drives
/// a real node (sharding, journal, actors). Both read the same path and population and report the
/// same summary, so one can be checked against the other.
/// </summary>
public interface ISimulationEngine
{
    string Name { get; }

    SimulationResult Run(SimulationRun run, IProgress<double>? progress = null);
}
