using LeverageActors.Tests.Api;
using LeverageActors.Tests.Margin;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Predictive;

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
        var (trader, position, healthy) = await ApiSwing.A40xLongThroughIt(Node, _clock);
        Assert.False(healthy.TryGetProperty("earlyDeleverages", out _));

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
