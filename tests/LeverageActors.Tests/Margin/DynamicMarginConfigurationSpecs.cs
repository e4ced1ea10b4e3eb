using LeverageActors.Host.Markets;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using Microsoft.Extensions.Configuration;

namespace LeverageActors.Tests.Margin;

/// <summary>A market's <c>DynamicMargin</c> section switches it on, next to its volatility model; without one nothing changes.</summary>
public class DynamicMarginConfigurationSpecs
{
    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

    [Fact]
    public void A_market_with_a_dynamic_margin_section_gets_it_with_its_own_rates_as_the_floor()
    {
        var catalog = MarketConfiguration.Read(Config(
            ("Markets:ETH-USD:MaintenanceMarginRate", "0.005"), ("Markets:ETH-USD:MaxLeverage", "100"),
            ("Markets:ETH-USD:DynamicMargin:Z", "2.5"), ("Markets:ETH-USD:DynamicMargin:LiquidationDelay", "30"),
            ("Markets:BTC-USD:MaxLeverage", "20")));

        var eth = catalog.Oracle(MarketId.From("ETH-USD"))!;
        Assert.Equal(new DynamicMargin { Z = 2.5m, LiquidationDelay = TimeSpan.FromSeconds(30), MaintenanceBase = 0.005m, InitialBase = 0.01m },
            eth.Margin);
        Assert.Equal(TimeSpan.FromSeconds(30), eth.Margin!.GraceFor(eth.Latency)); // one horizon by default
        // Its returns are sampled over the margin's horizon (OneSourceVolatilitySpecs says why).
        Assert.Equal(VolatilityModel.Default with { SampleEvery = TimeSpan.FromSeconds(30) }, eth.Volatility);
        Assert.Null(catalog.Oracle(MarketId.From("BTC-USD"))!.Margin);
        Assert.Equal(OracleParameters.Default, catalog.Oracle(MarketId.From("BTC-USD")));
    }

    [Fact]
    public void An_explicit_sampling_and_a_ceiling_are_taken_as_configured()
    {
        var eth = MarketConfiguration.Read(Config(
            ("Markets:ETH-USD:DynamicMargin:MaintenanceCeiling", "0.25"), ("Markets:ETH-USD:Volatility:SampleEvery", "5"))).Oracle(MarketId.From("ETH-USD"))!;

        Assert.Equal(0.25m, eth.Margin!.MaintenanceCeiling);
        Assert.Equal(TimeSpan.FromSeconds(5), eth.VolatilityInForce().SampleEvery);
    }

    [Theory]
    [InlineData("MaintenanceCeiling", "0.01", "MaintenanceCeiling must be above")]
    [InlineData("MaintenanceCeiling", "0.6", "MaintenanceCeiling must be above")]
    [InlineData("MaintenanceCeiling", "0.1234567", "six decimal places")]
    [InlineData("MaintenanceCeiling", "high", "MaintenanceCeiling must be a number")]
    [InlineData("Z", "0", "Z must be")]
    [InlineData("Z", "abc", "Z must be a number")]
    [InlineData("MinChange", "0", "MinChange")]
    public void A_nonsensical_setting_is_refused_by_its_name(string key, string value, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => MarketConfiguration.Read(Config(($"Markets:ETH-USD:DynamicMargin:{key}", value))));

        Assert.Contains("Markets:ETH-USD:DynamicMargin", error.Message);
        Assert.Contains(expected, error.Message);
    }
}
