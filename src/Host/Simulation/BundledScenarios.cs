namespace LeverageActors.Host.Simulation;

/// <summary>The price paths and population shipped beside the executable (src/Host/scenarios), so a fresh clone can simulate.</summary>
public static class BundledScenarios
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "scenarios");

    public static string BlackThursday => Path.Combine(Directory, "black-thursday.csv");

    public static string DefaultPopulation => Path.Combine(Directory, "population.json");
}
