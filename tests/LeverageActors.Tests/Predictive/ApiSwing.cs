using System.Text.Json;
using LeverageActors.Tests.Margin;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Predictive;

/// <summary>
/// The node specs' common path through <see cref="DynamicMarginStory.Swing"/>: an LP's million in
/// ETH-USD, a trader's 40x long of 1,000 at 2,000, then every price of the swing a minute apart.
/// </summary>
public static class ApiSwing
{
    /// <summary>The trader and its position after the swing, and the position's view before it.</summary>
    public static async Task<(ApiTrader Trader, string Position, JsonElement Before)> A40xLongThroughIt(TestNode node, ManualClock clock)
    {
        await node.OperatorReports("ETH-USD", 2_000m);
        var lp = await node.NewTrader(1_000_000m);
        await lp.Provides("ETH-USD", 1_000_000m);
        var trader = await node.NewTrader(10_000m);
        var position = await trader.Opens("ETH-USD", "long", 1_000m, 40m);
        var before = await ApiTrader.Json(trader.Get($"/positions/{position}"));

        foreach (var price in DynamicMarginStory.Swing)
        {
            clock.Now += TimeSpan.FromMinutes(1);
            await node.OperatorReports("ETH-USD", price);
        }

        return (trader, position, before);
    }
}
