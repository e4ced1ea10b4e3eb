using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Tests.Simulation;

public class PopulationSpecs
{
    private static readonly DateTimeOffset Start = new(2020, 3, 11, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = Start.AddDays(3);

    private static readonly PopulationSpec Spec = new() { Traders = 2_000 };

    [Fact]
    public void The_same_seed_draws_the_same_population()
    {
        var a = Population.Generate(Spec, Start, End, seed: 7);
        var b = Population.Generate(Spec, Start, End, seed: 7);

        Assert.Equal(a.Traders, b.Traders);
        Assert.Equal(a.Providers, b.Providers);
    }

    [Fact]
    public void Another_seed_draws_another_population()
    {
        var a = Population.Generate(Spec, Start, End, seed: 7);
        var b = Population.Generate(Spec, Start, End, seed: 8);

        Assert.NotEqual(a.Traders.Select(t => t.Leverage), b.Traders.Select(t => t.Leverage));
    }

    [Fact]
    public void A_fixed_seed_draws_these_first_traders_on_every_machine()
    {
        // SplitMix64 and our own rounding: a change here changes every published simulation.
        var first = Population.Generate(new PopulationSpec { Traders = 3 }, Start, End, seed: 1).Traders
            .OrderBy(t => t.Account.Value, StringComparer.Ordinal).ToList();

        Assert.Equal(["trader-000001", "trader-000002", "trader-000003"], first.Select(t => t.Account.Value));
        Assert.All(first, t => Assert.InRange(t.OpensAt, Start, Start.AddHours(24)));
        var again = Population.Generate(new PopulationSpec { Traders = 3 }, Start, End, seed: 1).Traders
            .OrderBy(t => t.Account.Value, StringComparer.Ordinal).Select(t => (t.Leverage, t.Collateral, t.Side, t.OpensAt));
        Assert.Equal(first.Select(t => (t.Leverage, t.Collateral, t.Side, t.OpensAt)), again);
    }

    [Fact]
    public void Every_trader_fits_the_domains_rules_and_the_spec()
    {
        var population = Population.Generate(Spec, Start, End, seed: 3);

        Assert.Equal(2_000, population.Traders.Count);
        Assert.All(population.Traders, t =>
        {
            Assert.Equal(t.Leverage, Math.Round(t.Leverage, 2));
            Assert.InRange(t.Leverage, 2m, 25m);
            Assert.Equal(t.Collateral, Math.Round(t.Collateral, 2));
            Assert.True(t.Collateral * t.Leverage >= PopulationRules.MinimumNotional);
            Assert.InRange(t.OpensAt, Start, Start.AddHours(24));
        });
        Assert.Equal(population.Traders.OrderBy(t => t.OpensAt).Select(t => t.Account), population.Traders.Select(t => t.Account));
        var longs = population.Traders.Count(t => t.Side == PositionSide.Long) / 2_000.0;
        Assert.InRange(longs, 0.65, 0.75);
        var stops = population.Traders.Count(t => t.StopDistance is not null) / 2_000.0;
        Assert.InRange(stops, 0.25, 0.35);
        Assert.Equal(10, population.Providers.Count);
        Assert.Equal(100_000_000m, population.Providers.Sum(p => p.Liquidity));
    }

    [Fact]
    public void A_spec_file_reads_with_defaults_for_what_it_leaves_out()
    {
        var spec = PopulationFile.Parse("""{ "traders": 12, "leverage": { "min": 2, "max": 20, "shape": "uniform" } }""", "p.json");

        Assert.Equal(12, spec.Traders);
        Assert.Equal(new Distribution(2, 20, DistributionShape.Uniform), spec.Leverage);
        Assert.Equal(new PopulationSpec().Collateral, spec.Collateral);
    }

    [Theory]
    [InlineData("""{ "traders": 5, "leverag": 3 }""", "p.json:1: The JSON property 'leverag' could not be mapped")]
    [InlineData("{\n  \"traders\": \"many\"\n}", "p.json:2: The JSON value could not be converted")]
    [InlineData("""{ "crossShare": 0.5 }""", "p.json: crossShare: cross-margin accounts arrive with issue 16")]
    [InlineData("""{ "leverage": { "min": 1, "max": 5 } }""", "p.json: leverage: min must be above 1")]
    [InlineData("""{ "collateral": { "min": 2, "max": 5 } }""", "p.json: collateral.min × leverage.min is 4")]
    public void A_bad_spec_is_refused_in_one_line(string json, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => PopulationFile.Parse(json, "p.json"));
        Assert.StartsWith(expected, error.Message);
    }
}
