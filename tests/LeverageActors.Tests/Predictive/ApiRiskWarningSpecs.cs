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
        var (trader, position, healthy) = await ApiSwing.A40xLongThroughIt(Node, _clock);
        Assert.False(healthy.TryGetProperty("atRisk", out _));

        await Eventually.Holds("the long is shown at risk", async () =>
        {
            var view = await ApiTrader.Json(trader.Get($"/positions/{position}"));
            return view.TryGetProperty("atRisk", out var atRisk) && atRisk.GetBoolean() && view.GetProperty("riskSigmas").GetDecimal() == 0m;
        });
        var shown = await ApiTrader.Json(trader.Get($"/positions/{position}"));
        Assert.Equal("open", shown.GetProperty("status").GetString());
    }
}
