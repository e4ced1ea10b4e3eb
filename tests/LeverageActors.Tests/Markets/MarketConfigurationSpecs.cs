using LeverageActors.Host.Markets;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using Microsoft.Extensions.Configuration;

namespace LeverageActors.Tests.Markets;

public class MarketConfigurationSpecs
{
    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)))
            .Build();

    [Fact]
    public void Without_a_markets_section_the_three_default_markets_trade_with_design_defaults()
    {
        var catalog = MarketConfiguration.Read(Config());

        Assert.Equal(["BTC-USD", "ETH-USD", "SOL-USD"], catalog.Markets.Keys.Select(k => k.Value).Order());
        var eth = catalog.Find(MarketId.From("ETH-USD"))!;
        Assert.Equal(50m, eth.MaxLeverage);
        Assert.Equal(0.01m, eth.MaintenanceMarginRate);
        Assert.Equal(0.0005m, eth.OpenFeeRate);
        Assert.Equal(0.9m, eth.MaxUtilization);
    }

    [Fact]
    public void A_configured_market_overrides_only_what_it_names()
    {
        var catalog = MarketConfiguration.Read(Config(("Markets:ETH-USD:MaxLeverage", "20"), ("Markets:DOGE-USD:OpenFeeRate", "0.001")));

        Assert.Equal(2, catalog.Markets.Count);
        Assert.Equal(20m, catalog.Find(MarketId.From("ETH-USD"))!.MaxLeverage);
        Assert.Equal(0.04m, catalog.Find(MarketId.From("ETH-USD"))!.Slope1);
        Assert.Equal(0.001m, catalog.Find(MarketId.From("DOGE-USD"))!.OpenFeeRate);
        Assert.Null(catalog.Find(MarketId.From("BTC-USD")));
    }

    [Fact]
    public void A_market_sets_its_pool_share_of_open_interest_and_the_others_keep_one_half()
    {
        var catalog = MarketConfiguration.Read(Config(("Markets:ETH-USD:PoolOpenInterestShare", "0.3"), ("Markets:BTC-USD:MaxLeverage", "20")));

        Assert.Equal(0.3m, catalog.Find(MarketId.From("ETH-USD"))!.PoolOpenInterestShareInForce());
        Assert.Equal(0.5m, catalog.Find(MarketId.From("BTC-USD"))!.PoolOpenInterestShareInForce());
        var error = Assert.Throws<InvalidOperationException>(() =>
            MarketConfiguration.Read(Config(("Markets:ETH-USD:PoolOpenInterestShare", "0"))));
        Assert.Contains("PoolOpenInterestShare", error.Message);
    }

    [Fact]
    public void A_market_turns_funding_on_and_the_others_stay_without()
    {
        var catalog = MarketConfiguration.Read(Config(("Markets:ETH-USD:FundingFactor", "0.00000001"), ("Markets:BTC-USD:MaxLeverage", "20")));

        Assert.Equal(0.00000001m, catalog.Find(MarketId.From("ETH-USD"))!.FundingRateFactor());
        Assert.Equal(1m, catalog.Find(MarketId.From("ETH-USD"))!.FundingPower());
        Assert.False(catalog.Find(MarketId.From("BTC-USD"))!.HasFunding());
        Assert.Contains("FundingFactor", Assert.Throws<InvalidOperationException>(() =>
            MarketConfiguration.Read(Config(("Markets:ETH-USD:FundingFactor", "0.01")))).Message);
        Assert.Contains("FundingExponent", Assert.Throws<InvalidOperationException>(() =>
            MarketConfiguration.Read(Config(("Markets:ETH-USD:FundingFactor", "0.00000001"), ("Markets:ETH-USD:FundingExponent", "0.5")))).Message);
    }

    /// <summary>
    /// A review: an exponent of 4 passed with the default cap of 1e8, and a skew past 3e7 then made every
    /// settlement of the pool overflow a decimal, liquidations included.
    /// </summary>
    [Theory]
    [InlineData("4", "100000000", false)]
    [InlineData("3.5", "100000000", false)]
    [InlineData("4", "1000000", true)]
    [InlineData("2", "100000000", true)]
    public void An_impact_whose_power_of_the_open_interest_cap_would_overflow_is_refused(string exponent, string cap, bool fits)
    {
        var config = Config(("Markets:ETH-USD:NegativeImpactFactor", "0.0000001"), ("Markets:ETH-USD:ImpactExponent", exponent),
            ("Markets:ETH-USD:MaxOpenInterest", cap));

        if (fits)
            Assert.True(MarketConfiguration.Read(config).Find(MarketId.From("ETH-USD"))!.HasImpact());
        else
            Assert.Contains("ImpactExponent", Assert.Throws<InvalidOperationException>(() => MarketConfiguration.Read(config)).Message);
    }

    /// <summary>
    /// A review: with the rebate's factor twice the charge's, an open of 1,000,000 from a flat skew was
    /// charged 5,000 and its close at once rebated 10,000, so each round trip took 4,000 after fees from
    /// the impact pool other traders' charges fill.
    /// </summary>
    [Theory]
    [InlineData("0.00000001", false)]
    [InlineData("0.000000005", true)]
    [InlineData("0.000000001", true)]
    public void An_impact_rebate_larger_than_its_charge_is_refused(string rebated, bool accepted)
    {
        var config = Config(("Markets:ETH-USD:NegativeImpactFactor", "0.000000005"), ("Markets:ETH-USD:PositiveImpactFactor", rebated));

        if (accepted)
            Assert.Equal(decimal.Parse(rebated, System.Globalization.CultureInfo.InvariantCulture),
                MarketConfiguration.Read(config).Find(MarketId.From("ETH-USD"))!.ImpactRebated());
        else
            Assert.Contains("PositiveImpactFactor must not exceed NegativeImpactFactor",
                Assert.Throws<InvalidOperationException>(() => MarketConfiguration.Read(config)).Message);
    }

    [Theory]
    [InlineData("MinNotional")]
    [InlineData("DustNotional")]
    public void A_minimum_notional_of_zero_is_refused(string name)
    {
        var error = Assert.Throws<InvalidOperationException>(() => MarketConfiguration.Read(Config(($"Markets:ETH-USD:{name}", "0"))));

        Assert.Contains(name, error.Message);
    }

    /// <summary>
    /// Each of these was accepted (found by a read-only review): a negative LP fee pays every LP round
    /// trip from the pool, a liquidator share above one pays the liquidator from the insurance fund, a
    /// negative penalty pays the liquidated trader.
    /// </summary>
    [Theory]
    [InlineData("LiquidityFeeRate", "-0.01")]
    [InlineData("LiquidityFeeRate", "1")]
    [InlineData("LiquidatorShare", "2")]
    [InlineData("LiquidatorShare", "-0.5")]
    [InlineData("LiquidationPenaltyRate", "-0.01")]
    [InlineData("LiquidationPenaltyRate", "0.02")]
    [InlineData("LiquidationBuffer", "-0.02")]
    [InlineData("FullLiquidationThreshold", "0")]
    [InlineData("FullLiquidationThreshold", "1.5")]
    [InlineData("MinimumFirstDeposit", "0.5")]
    public void A_liquidation_or_lp_parameter_that_would_pay_from_the_pool_is_refused(string name, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => MarketConfiguration.Read(Config(($"Markets:ETH-USD:{name}", value))));

        Assert.Contains(name, error.Message);
        Assert.NotNull(MarketConfiguration.Read(Config(($"Markets:ETH-USD:{name}", name switch
        {
            "LiquidityFeeRate" => "0.001",
            "LiquidatorShare" => "1",
            "LiquidationPenaltyRate" => "0.009",
            "LiquidationBuffer" => "0",
            "FullLiquidationThreshold" => "1",
            _ => "1",
        }))).Find(MarketId.From("ETH-USD")));
    }

    [Fact]
    public void A_nonsensical_parameter_is_refused_by_market_and_name()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            MarketConfiguration.Read(Config(("Markets:ETH-USD:MaxLeverage", "1"))));

        Assert.Contains("ETH-USD", error.Message);
        Assert.Contains("MaxLeverage", error.Message);
    }

    [Fact]
    public void A_market_names_its_volatility_model_and_the_others_keep_the_default_ewma()
    {
        var catalog = MarketConfiguration.Read(Config(
            ("Markets:ETH-USD:Volatility:Model", "garch"), ("Markets:ETH-USD:Volatility:Omega", "0.000001"),
            ("Markets:ETH-USD:Volatility:Alpha", "0.1"), ("Markets:ETH-USD:Volatility:Beta", "0.85"),
            ("Markets:ETH-USD:Volatility:PublishEvery", "30"),
            ("Markets:BTC-USD:MaxLeverage", "20")));

        var eth = catalog.Oracle(MarketId.From("ETH-USD"))!.VolatilityInForce();
        Assert.Equal((VolatilityModelKind.Garch, 0.000001m, 0.1m, 0.85m), (eth.Kind, eth.Omega, eth.Alpha, eth.Beta));
        Assert.Equal(TimeSpan.FromSeconds(30), eth.PublishEvery);
        Assert.Equal(VolatilityModel.Default, catalog.Oracle(MarketId.From("BTC-USD"))!.VolatilityInForce());
    }

    [Theory]
    [InlineData("Model", "arima", "ewma or garch")]
    [InlineData("Lambda", "1", "Lambda")]
    [InlineData("Lambda", "abc", "Lambda must be a number")]
    [InlineData("MinSamples", "0", "MinSamples")]
    public void A_nonsensical_volatility_setting_is_refused_by_its_name(string key, string value, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            MarketConfiguration.Read(Config(($"Markets:ETH-USD:Volatility:{key}", value))));

        Assert.Contains("Markets:ETH-USD:Volatility", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_garch_model_that_is_not_stationary_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => MarketConfiguration.Read(Config(
            ("Markets:ETH-USD:Volatility:Model", "garch"), ("Markets:ETH-USD:Volatility:Omega", "0.000001"),
            ("Markets:ETH-USD:Volatility:Alpha", "0.2"), ("Markets:ETH-USD:Volatility:Beta", "0.8"))));

        Assert.Contains("Alpha + Beta < 1", error.Message);
    }
}
