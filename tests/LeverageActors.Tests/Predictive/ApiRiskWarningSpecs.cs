using LeverageActors.Tests.Api;
using LeverageActors.Tests.Margin;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Predictive;

/// <summary>
/// On a node: the swing raises ETH-USD's maintenance to 3.1377% (DynamicMarginSpecs); the oracle
/// publishes the scale with the price, the risk index checks the 40x long, and the long, held to
/// the new requirement inside its grace, is warned and not breached. <c>GET /positions/{id}</c> shows it.
/// </summary>
public sealed class ApiRiskWarningSpecs : ApiNodeSpec
{
    private readonly ManualClock _clock = new(ExchangeStory.T0);

    public override async Task InitializeAsync() =>
        Node = await TestNode.StartAsync(Database, new NodeOptions { Markets = DynamicMarginStory.Catalog(dynamic: true), Clock = _clock });

    [Fact]
    public async Task A_position_held_to_a_rise_in_its_grace_shows_at_risk_and_is_not_breached()
    {
        await Node.OperatorReports("ETH-USD", 2_000m);
        var lp = await Node.NewTrader(1_000_000m);
        await lp.Provides("ETH-USD", 1_000_000m);
        var trader = await Node.NewTrader(10_000m);
        var position = await trader.Opens("ETH-USD", "long", 1_000m, 40m);
        var healthy = await ApiTrader.Json(trader.Get($"/positions/{position}"));
        Assert.False(healthy.TryGetProperty("atRisk", out _));

        foreach (var price in DynamicMarginStory.Swing)
        {
            _clock.Now += TimeSpan.FromMinutes(1);
            await Node.OperatorReports("ETH-USD", price);
        }

        await Eventually.Holds("the long is shown at risk", async () =>
        {
            var view = await ApiTrader.Json(trader.Get($"/positions/{position}"));
            return view.TryGetProperty("atRisk", out var atRisk) && atRisk.GetBoolean() && view.GetProperty("riskSigmas").GetDecimal() == 0m;
        });
        var shown = await ApiTrader.Json(trader.Get($"/positions/{position}"));
        Assert.Equal("open", shown.GetProperty("status").GetString());
    }
}

/// <summary>
/// The same swing on a node where ETH-USD has early deleverage on: the risk index's check at the
/// last price warns the long and, below 1σ, deleverages it; <c>GET /positions/{id}</c> counts it and
/// shows the last one, with its quarter-of-liquidation penalty rate.
/// </summary>
public sealed class ApiEarlyDeleverageSpecs : ApiNodeSpec
{
    private readonly ManualClock _clock = new(ExchangeStory.T0);

    public override async Task InitializeAsync() =>
        Node = await TestNode.StartAsync(Database, new NodeOptions
        {
            Markets = DynamicMarginStory.Catalog(dynamic: true, new Messages.Oracles.PredictiveLiquidation { EarlyDeleverage = true }),
            Clock = _clock,
        });

    [Fact]
    public async Task A_position_deleveraged_early_shows_the_count_and_the_last_one()
    {
        await Node.OperatorReports("ETH-USD", 2_000m);
        var lp = await Node.NewTrader(1_000_000m);
        await lp.Provides("ETH-USD", 1_000_000m);
        var trader = await Node.NewTrader(10_000m);
        var position = await trader.Opens("ETH-USD", "long", 1_000m, 40m);
        var healthy = await ApiTrader.Json(trader.Get($"/positions/{position}"));
        Assert.False(healthy.TryGetProperty("earlyDeleverages", out _));

        foreach (var price in DynamicMarginStory.Swing)
        {
            _clock.Now += TimeSpan.FromMinutes(1);
            await Node.OperatorReports("ETH-USD", price);
        }

        await Eventually.Holds("the long is shown deleveraged early", async () =>
        {
            var view = await ApiTrader.Json(trader.Get($"/positions/{position}"));
            return view.TryGetProperty("earlyDeleverages", out var count) && count.GetInt32() == 1 && view.GetProperty("pendingSteps").GetInt32() == 0;
        });
        var shown = await ApiTrader.Json(trader.Get($"/positions/{position}"));
        var last = shown.GetProperty("lastEarlyDeleverage");
        Assert.Equal("open", shown.GetProperty("status").GetString());
        Assert.Equal((2_015m, 0.00125m, 0m), (last.GetProperty("price").GetDecimal(), last.GetProperty("penaltyRate").GetDecimal(), last.GetProperty("sigmas").GetDecimal()));
        Assert.InRange(last.GetProperty("fraction").GetDecimal(), 0.01m, 0.99m);
        Assert.True(shown.GetProperty("quantity").GetDecimal() < 20m);
    }
}
