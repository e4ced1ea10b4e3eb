using LeverageActors.Actors.Simulation;
using LeverageActors.Host.Simulation;
using LeverageActors.Messages.Ids;
using Microsoft.Extensions.Configuration;

namespace LeverageActors.Tests.Simulation;

public class SimulationParametersFileSpecs
{
    private static SimulationParameters Read(string json) =>
        SimulationParametersFile.Read(new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build(),
            MarketId.From("ETH-USD"), "params.json");

    [Fact]
    public void The_markets_section_is_the_nodes_and_the_rest_is_the_simulations()
    {
        var p = Read("""
            {
              "Markets": { "ETH-USD": { "MaintenanceMarginRate": 0.005, "MaxLeverage": 100 } },
              "Oracle": { "LatencySeconds": 600, "CadenceSeconds": 5 },
              "Liquidator": { "DelaySeconds": 30, "CapacityPerSecond": 2.5, "Execution": "market", "Mode": "full" },
              "SampleSeconds": 300
            }
            """);

        Assert.Equal(0.005m, p.Market.MaintenanceMarginRate);
        Assert.Equal(100m, p.Market.MaxLeverage);
        Assert.Equal(0.0005m, p.Market.OpenFeeRate);
        Assert.Equal(TimeSpan.FromMinutes(10), p.Oracle.Latency);
        Assert.Equal(TimeSpan.FromSeconds(5), p.Oracle.Cadence);
        Assert.Equal(new LiquidatorSettings { Delay = TimeSpan.FromSeconds(30), CapacityPerSecond = 2.5m, Execution = LiquidationExecution.Market, Mode = LiquidationMode.Full },
            p.Liquidator);
        Assert.Equal(1m, p.EffectiveMarket.FullLiquidationThreshold);
        Assert.Equal(TimeSpan.FromMinutes(5), p.SampleEvery);
        Assert.Empty(p.Problems());
    }

    [Theory]
    [InlineData("""{ "Markets": { "BTC-USD": {} } }""", "params.json: Markets names no ETH-USD")]
    [InlineData("""{ "Markets": { "ETH-USD": { "MaxLeverage": 1 } } }""", "params.json: Market ETH-USD: MaxLeverage must be above 1")]
    [InlineData("""{ "Oracle": { "LatencySeconds": -1 } }""", "params.json: Oracle:LatencySeconds must be a non-negative number")]
    [InlineData("""{ "Liquidator": { "Execution": "later" } }""", "params.json: Liquidator:Execution must be one of oracle, market")]
    [InlineData("""{ "Features": { "Funding": "yes" } }""", "params.json: Features:Funding must be true or false")]
    [InlineData("""{ "Speed": 3 }""", "params.json: unknown setting Speed")]
    public void A_bad_setting_is_refused_naming_it(string json, string expected)
    {
        Assert.StartsWith(expected, Assert.Throws<InvalidDataException>(() => Read(json)).Message);
    }

    [Fact]
    public void A_feature_switched_on_reads_and_runs_once_the_domain_has_it()
    {
        var p = Read("""{ "Features": { "Adl": true, "Impact": true } }""");

        // ADL runs since issue 17 brought it, price impact since issue 18 did.
        Assert.True(p.Features.Adl);
        Assert.True(p.Features.Impact);
        Assert.Empty(p.Problems());
    }

    [Fact]
    public void Impact_runs_with_the_factors_the_market_sets_or_the_simulations_defaults()
    {
        var set = Read("""
            {
              "Markets": { "ETH-USD": { "NegativeImpactFactor": 0.00000002, "PositiveImpactFactor": 0.00000001, "ImpactExponent": 1.5 } },
              "Features": { "Impact": true }
            }
            """);
        var defaulted = Read("""{ "Features": { "Impact": true } }""");
        var off = Read("""{ }""");

        Assert.Equal((0.00000002m, 0.00000001m, 1.5m), (set.EffectiveMarket.ImpactCharged(), set.EffectiveMarket.ImpactRebated(), set.EffectiveMarket.ImpactPower()));
        Assert.Equal((0.00000000001m, 0.000000000005m, 2m, 0.005m),
            (defaulted.EffectiveMarket.ImpactCharged(), defaulted.EffectiveMarket.ImpactRebated(), defaulted.EffectiveMarket.ImpactPower(),
                defaulted.EffectiveMarket.ImpactCap()));
        Assert.False(off.EffectiveMarket.HasImpact());
    }
}
