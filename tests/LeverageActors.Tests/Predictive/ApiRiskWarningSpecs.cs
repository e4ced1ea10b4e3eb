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
