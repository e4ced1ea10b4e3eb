using Akka.Actor;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Margin;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Predictive;

/// <summary>A warning the position recorded is the one a node started on the same journal (SQLite) reads back.</summary>
public class RiskWarningRecoverySpecs
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task The_open_warning_survives_a_restart_of_the_actor_system()
    {
        using var database = TestDatabases.Sqlite.Durable();
        var clock = new ManualClock(ExchangeStory.T0);
        var options = new NodeOptions { Markets = DynamicMarginStory.Catalog(dynamic: true), Clock = clock };
        string position;
        PositionView before;

        await using (var first = await TestNode.StartAsync(database, options))
        {
            await first.OperatorReports("ETH-USD", 2_000m);
            var lp = await first.NewTrader(1_000_000m);
            await lp.Provides("ETH-USD", 1_000_000m);
            var trader = await first.NewTrader(10_000m);
            position = await trader.Opens("ETH-USD", "long", 1_000m, 40m);
            foreach (var price in DynamicMarginStory.Swing)
            {
                clock.Now += TimeSpan.FromMinutes(1);
                await first.OperatorReports("ETH-USD", price);
            }

            await Eventually.Holds("the long is warned", async () =>
                (await first.Positions.Ask<PositionView>(new GetPosition(PositionId.From(position), null, null), Timeout)).AtRisk);
            before = await first.Positions.Ask<PositionView>(new GetPosition(PositionId.From(position), null, null), Timeout);
        }

        await using var second = await TestNode.StartAsync(database, options);
        var after = await second.Positions.Ask<PositionView>(new GetPosition(PositionId.From(position), null, null), Timeout);

        Assert.True(after.AtRisk);
        Assert.Equal(0m, after.RiskSigmas);
        Assert.Equal(before, after);
    }
}
