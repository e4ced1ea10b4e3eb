using LeverageActors.Actors.Simulation;

namespace LeverageActors.Tests.Simulation;

public class SweepSpecs
{
    [Fact]
    public void A_sweep_runs_every_cell_in_parallel_as_a_single_run_would()
    {
        var axes = new[] { SweepAxis.Parse("latency=0,600"), SweepAxis.Parse("execution=oracle,market") };
        var run = SimulationSamples.Run(120);

        var cells = Sweep.Run(new PureEngine(), run.Path, run.Population, new SimulationParameters(), axes, run.Seed, parallelism: 2);

        Assert.Equal(4, cells.Count);
        Assert.Equal(["latency=0 execution=oracle", "latency=0 execution=market", "latency=600 execution=oracle", "latency=600 execution=market"],
            cells.Select(c => c.Label));
        foreach (var cell in cells)
        {
            var alone = new PureEngine().Run(run with { Parameters = Sweep.Parameters(new SimulationParameters(), axes, cell.Values) }).Summary;
            Assert.Equal(SimulationSamples.Timeless(alone), SimulationSamples.Timeless(cell.Summary));
            Assert.Empty(cell.Summary.InvariantViolations);
        }

        Assert.True(cells[3].Summary.Shortfall > cells[1].Summary.Shortfall, "latency made no difference with fills at the market");
    }

    [Fact]
    public void A_sweep_over_the_named_designs_runs_them_all()
    {
        var problems = Sweep.Problems(new SimulationParameters(), [SweepAxis.Parse("features=fixed,dynamic,predictive")]);

        Assert.Empty(problems);
    }

    [Fact]
    public void A_sweep_over_a_feature_the_domain_lacks_is_refused_before_it_runs()
    {
        var problems = Sweep.Problems(new SimulationParameters { Features = new RiskFeatures(PredictiveDeleverage: true) }, [SweepAxis.Parse("latency=0,60")]);

        const string needs = "predictive deleverage needs dynamic margin (the volatility it measures in comes with it)";
        Assert.Equal([$"latency=0: {needs}", $"latency=60: {needs}"], problems);
    }

    [Theory]
    [InlineData("latency", "--sweep latency: expected name=value,value,...")]
    [InlineData("speed=1,2", "--sweep speed=1,2: unknown parameter 'speed'")]
    [InlineData("mmr=0.01,abc", "--sweep mmr: 'abc' is not a number above 0")]
    [InlineData("mmr=0.01,1.5", "--sweep mmr: '1.5' is not a fraction below 1")]
    [InlineData("execution=oracle,later", "--sweep execution: 'later' is not one of oracle, market")]
    [InlineData("features=fixed,clever", "--sweep features: 'clever' is not a feature set")]
    [InlineData("latency=0,0", "--sweep latency=0,0: give each value once")]
    public void A_bad_axis_is_refused_in_one_line(string token, string expected)
    {
        Assert.StartsWith(expected, Assert.Throws<FormatException>(() => SweepAxis.Parse(token)).Message);
    }
}
