using System.CommandLine;
using LeverageActors.Actors.Simulation;
using LeverageActors.Host.Simulation;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Host.Cli;

/// <summary>What a simulation reads before it runs: the path, the population drawn for it, the parameters, the engine.</summary>
public sealed record SimulationInputs(MarketPath Path, Population Population, PopulationSpec Spec, SimulationParameters Parameters,
    ISimulationEngine Engine, ulong Seed, string Out)
{
    /// <summary>The inputs, or the one line that says why they cannot be had.</summary>
    public static (SimulationInputs? Inputs, string? Error) Load(ParseResult result, SimulateOptions o)
    {
        MarketId? market = null;
        if (result.GetValue(o.Market) is { } name)
        {
            if (!IdRules.IsValid(name))
                return (null, $"--market '{name}' is not a market name");
            market = MarketId.From(name);
        }

        try
        {
            var path = PriceFile.Read(result.GetValue(o.Prices)!, result.GetValue(o.Format), market);
            if (path.Points.Count < 2)
                return (null, $"{path.Source}: a simulation needs at least two prices");
            var parameters = result.GetValue(o.Params) is { } file
                ? SimulationParametersFile.Read(file, path.Market)
                : new SimulationParameters();
            var spec = PopulationFile.Read(result.GetValue(o.Population)!);
            var seed = result.GetValue(o.Seed);
            var population = Population.Generate(spec, path.Start, path.End, seed);
            ISimulationEngine engine = result.GetValue(o.Engine) switch
            {
                "pure" => new PureEngine(),
                "node" => new NodeEngine(),
                var other => throw new InvalidDataException($"--engine '{other}': choose pure or node"),
            };
            if (OutputDirectory.Unwritable(result.GetValue(o.Out)!) is { } unwritable)
                return (null, unwritable);
            return (new SimulationInputs(path, population, spec, parameters, engine, seed, result.GetValue(o.Out)!), null);
        }
        catch (Exception e) when (e is PriceFileError or InvalidDataException or IOException or UnauthorizedAccessException
                                       or Node.ConfigurationError or ArithmeticException or ArgumentException)
        {
            return (null, e.Message);
        }
    }
}
