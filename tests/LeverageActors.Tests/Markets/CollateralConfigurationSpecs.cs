using LeverageActors.Host.Markets;
using LeverageActors.Messages.Assets;
using LeverageActors.Messages.Ids;
using Microsoft.Extensions.Configuration;

namespace LeverageActors.Tests.Markets;

/// <summary>The <c>Collateral</c> section: weights and caps per asset, each optional, checked by asset and name.</summary>
public class CollateralConfigurationSpecs
{
    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)))
            .Build();

    [Fact]
    public void The_collateral_assets_follow_the_configured_markets()
    {
        var catalog = MarketConfiguration.Read(Config(("Markets:ETH-USD:MaxLeverage", "20"), ("Markets:DOGE-USD:OpenFeeRate", "0.001")));

        Assert.Equal(["USD", "DOGE", "ETH"], catalog.Collateral.Names.Select(a => a.Value));
        Assert.Equal(new CollateralParameters(0.80m, 0.90m, 100_000m), catalog.Collateral.Find(AssetId.From("ETH"))!.Parameters);
        // An asset without Drift's defaults starts cautious.
        Assert.Equal(new CollateralParameters(), catalog.Collateral.Find(AssetId.From("DOGE"))!.Parameters);
    }

    [Fact]
    public void A_configured_asset_overrides_only_what_it_names_with_or_without_a_markets_section()
    {
        var catalog = MarketConfiguration.Read(Config(("Collateral:ETH:DepositCap", "250"), ("Collateral:SOL:InitialWeight", "0.6")));

        Assert.Equal(3, catalog.Markets.Count);
        Assert.Equal(new CollateralParameters(0.80m, 0.90m, 250m), catalog.Collateral.Find(AssetId.From("ETH"))!.Parameters);
        Assert.Equal(new CollateralParameters(0.6m, 0.85m, 2_000_000m), catalog.Collateral.Find(AssetId.From("SOL"))!.Parameters);
    }

    /// <summary>The defaults are not read from the section, so the start never checks them: here, against the same rule.</summary>
    [Fact]
    public void Every_default_asset_can_be_sold_at_its_bonus_for_the_debt_its_maintenance_weight_allows()
    {
        var catalog = MarketConfiguration.Read(Config(("Markets:DOGE-USD:OpenFeeRate", "0.001")));

        Assert.NotEmpty(catalog.Collateral.All);
        Assert.All(catalog.Collateral.All, a => Assert.True(a.Parameters.MaintenanceWeight <= 1 - a.Parameters.BonusInForce(), $"{a.Asset}: {a.Parameters}"));
    }

    [Theory]
    [InlineData("Collateral:ETH:InitialWeight", "0", "InitialWeight")]
    [InlineData("Collateral:ETH:MaintenanceWeight", "0.7", "MaintenanceWeight")]
    [InlineData("Collateral:ETH:MaintenanceWeight", "1.1", "MaintenanceWeight")]
    [InlineData("Collateral:ETH:LiquidationBonus", "0.15", "1 − LiquidationBonus")]
    [InlineData("Collateral:ETH:MaintenanceWeight", "0.96", "1 − LiquidationBonus")]
    [InlineData("Collateral:ETH:DepositCap", "-1", "DepositCap")]
    [InlineData("Collateral:USD:DepositCap", "5", "USD")]
    [InlineData("Collateral:DOGE:DepositCap", "5", "DOGE")]
    public void A_nonsensical_collateral_setting_is_refused_by_asset_and_name(string key, string value, string named)
    {
        var error = Assert.Throws<InvalidOperationException>(() => MarketConfiguration.Read(Config((key, value))));

        Assert.Contains(named, error.Message);
    }
}
