using LeverageActors.Actors.Simulation;

namespace LeverageActors.Host.Simulation;

public sealed class NodeEngine : ISimulationEngine
{
    public string Name => "node";

    public static string? Unsupported(SimulationParameters p) => null;

    public SimulationResult Run(SimulationRun run, IProgress<double>? progress = null) => throw new NotImplementedException();
}
