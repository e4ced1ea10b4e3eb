using LeverageActors.Actors.Simulation;
using LeverageActors.Host.Markets;
using LeverageActors.Host.Simulation;
using LeverageActors.Messages.Ids;
using LeverageActors.Tests.Simulation;
using Microsoft.Extensions.Configuration;

namespace LeverageActors.Tests.Deleveraging;

/// <summary>
/// ADL can be switched off per market (<c>Markets:{m}:Adl:Enabled</c>, on by default), and the node
/// simulation engine runs it only when the run's <c>Adl</c> feature is on, as the pure engine does.
/// The node story (<see cref="Scenarios.DeleveragingStories"/>) shows the market watch honouring it.
/// </summary>
public class AdlSwitchSpecs
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly MarketId Btc = MarketId.From("BTC-USD");

    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)))
            .Build();

    [Fact]
    public void A_market_switches_adl_off_and_the_others_keep_it()
    {
        var catalog = MarketConfiguration.Read(Config(("Markets:ETH-USD:Adl:Enabled", "false"), ("Markets:BTC-USD:MaxLeverage", "20"),
            ("Markets:SOL-USD:Adl:Enabled", "true")));

        Assert.False(catalog.AdlEnabled(Eth));
        Assert.True(catalog.AdlEnabled(Btc));
        Assert.True(catalog.AdlEnabled(MarketId.From("SOL-USD")));
        Assert.False(catalog.AdlEnabled(MarketId.From("DOGE-USD")));
        // The switch is not a market parameter: the parameters the pool records are the same either way.
        Assert.Equal(MarketConfiguration.Read(Config(("Markets:ETH-USD:MaxLeverage", "50"))).Find(Eth), catalog.Find(Eth));
        Assert.All(MarketConfiguration.Read(Config()).Markets.Keys, m => Assert.True(MarketConfiguration.Read(Config()).AdlEnabled(m)));
    }

    [Fact]
    public void A_market_sets_its_daily_lp_loss_limit_and_a_nonsensical_one_is_refused()
    {
        var catalog = MarketConfiguration.Read(Config(("Markets:ETH-USD:MaxLpLossPerDay", "0.05"), ("Markets:BTC-USD:MaxLeverage", "20")));

        Assert.Equal(0.05m, catalog.Find(Eth)!.LpLossLimit());
        Assert.Equal(0.02m, catalog.Find(Btc)!.LpLossLimit());
        Assert.Null(catalog.Find(Btc)!.MaxLpLossPerDay);
        var error = Assert.Throws<InvalidOperationException>(() => MarketConfiguration.Read(Config(("Markets:ETH-USD:MaxLpLossPerDay", "0"))));
        Assert.Contains("MaxLpLossPerDay", error.Message);
    }

    [Fact]
    public void The_node_engine_runs_the_deleverager_only_with_the_adl_feature()
    {
        var off = SimulationSamples.Run(2);
        var on = SimulationSamples.Run(2, new SimulationParameters { Features = new RiskFeatures(Adl: true) });

        Assert.False(NodeEngine.CatalogOf(off).AdlEnabled(off.Path.Market));
        Assert.True(NodeEngine.CatalogOf(on).AdlEnabled(on.Path.Market));
        Assert.Equal(NodeEngine.CatalogOf(off).Find(off.Path.Market), NodeEngine.CatalogOf(on).Find(on.Path.Market));
    }
}
