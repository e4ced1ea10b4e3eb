using LeverageActors.Actors.Simulation;
using LeverageActors.Tests.Simulation;
using Xunit.Abstractions;

namespace LeverageActors.Tests.Margin;

/// <summary>The simulator runs the "dynamic" design on the pure engine: the oracle's requirement reaches the index, the liquidator and the opens.</summary>
public class DynamicMarginSimulationSpecs(ITestOutputHelper output)
{
    private static SimulationSummary Simulate(string design, int traders = 200) =>
        new PureEngine().Run(SimulationSamples.Run(traders, new SimulationParameters { Features = RiskFeatures.Named(design)! })).Summary;

    [Fact]
    public void Dynamic_margin_runs_the_crash_with_the_money_invariants_holding()
    {
        var fixedMargin = Simulate("fixed");
        var dynamic = Simulate("dynamic");
        output.WriteLine(SimulationSamples.Timeless(fixedMargin));
        output.WriteLine(SimulationSamples.Timeless(dynamic));

        Assert.Empty(dynamic.InvariantViolations);
        Assert.Equal(SimulationSamples.Timeless(dynamic), SimulationSamples.Timeless(Simulate("dynamic")));
        Assert.NotEqual(SimulationSamples.Timeless(fixedMargin), SimulationSamples.Timeless(dynamic));
    }
}
