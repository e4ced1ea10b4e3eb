using Akka.Actor;
using LeverageActors.Messages.Oracles;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Margin;

/// <summary>The requirement an oracle recorded is the one a node started on the same journal reads back.</summary>
public class DynamicMarginRecoverySpecs
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_requirement_in_force_survives_a_restart_of_the_actor_system()
    {
        using var database = TestDatabases.Sqlite.Durable();
        var options = new NodeOptions { Markets = DynamicMarginStory.Catalog(dynamic: true) };
        var prices = new[] { 2_000m }.Concat(DynamicMarginStory.Swing).ToList();
        OraclePriceResponse before;

        await using (var first = await TestNode.StartAsync(database, options))
        {
            for (var minute = 0; minute < prices.Count; minute++)
            {
                var at = T0.AddMinutes(minute);
                await first.Oracles.Ask<ReportAnswered>(new ReportPrice(DynamicMarginStory.Eth, "source-a", prices[minute], at, at), Timeout);
            }

            before = await first.Oracles.Ask<OraclePriceResponse>(new GetOraclePrice(DynamicMarginStory.Eth, T0.AddMinutes(5)), Timeout);
        }

        Assert.NotNull(before.Margin);
        Assert.True(before.Margin!.Maintenance > 0.01m && before.Margin.InGrace, $"{before.Margin}");

        await using var second = await TestNode.StartAsync(database, options);
        var after = await second.Oracles.Ask<OraclePriceResponse>(new GetOraclePrice(DynamicMarginStory.Eth, T0.AddMinutes(5)), Timeout);

        Assert.Equal(before.Margin, after.Margin);
        Assert.Equal(before.Volatility, after.Volatility);
        Assert.Equal(before.Sequence, after.Sequence);
    }
}
