using Akka.Actor;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Risk;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Scenarios;

/// <summary>
/// Stop-loss and take-profit orders on a node: the oracle's prices reach the market's risk index,
/// which notes each trigger a price reached and sends it to its position at the next price; the
/// position closes its fraction as the owner's close at that next price, once. The books balance after each.
/// </summary>
public abstract class TriggerStories(TestDatabases databases)
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");

    /// <summary>
    /// The risk index reads the journal a little after it is written; a trigger it has not read when
    /// the price reaches it is noted at the price it finds then, and executes at the one after.
    /// </summary>
    private static Task TriggersWatched(Scenario s, int count) =>
        Eventually.Holds($"the risk index to watch {count} triggers", async () =>
            await s.Node.MarketWatch.Ask<object>(new GetRiskIndexStatus(Eth), Scenario.Timeout) is RiskIndexStatus { Triggers: var n } && n == count);

    /// <summary>One source reports; the oracle accepts the median of the three sources' latest reports, which this answers.</summary>
    private static async Task<decimal> Reports(Scenario s, int source, decimal price)
    {
        await s.Ask<ReportAnswered>(s.Node.Oracles, new ReportPrice(Eth, OracleParameters.Default.Sources[source], price, s.Now, s.Now));
        var accepted = (await s.Ask<OraclePriceResponse>(s.Node.Oracles, new GetOraclePrice(Eth, s.Now))).Price!.Value;
        s.PriceIs(Eth.Value, accepted);
        return accepted;
    }

    private static Task<PositionCommandAccepted> Places(Scenario s, TraderSteps owner, PositionId p, TriggerKind kind, decimal price, decimal fraction = 1m) =>
        s.Ask<PositionCommandAccepted>(s.Node.Positions, new PlaceTrigger(p, owner.Id, RequestId.New(), kind, price, fraction, s.PriceOf(Eth), s.Now));

    [Fact]
    public async Task A_long_stop_and_a_short_target_each_execute_once_at_the_first_price_after_the_one_that_reached_them()
    {
        await using var s = await Scenario.StartAsync(databases.Fresh());
        await s.MarketIsWatched("ETH-USD");
        await s.OracleReports("ETH-USD", 2_000m);
        await s.GivenPool("ETH-USD", 1_000_000m);
        var a = await s.Trader("A").Deposits(10_000m);
        var b = await s.Trader("B").Deposits(10_000m);
        var longed = await a.Opens("ETH-USD", PositionSide.Long, 1_000m, 5m);
        var shorted = await b.Opens("ETH-USD", PositionSide.Short, 1_000m, 5m);
        await Places(s, a, longed, TriggerKind.StopLoss, 1_950m);
        await Places(s, b, shorted, TriggerKind.TakeProfit, 1_900m, 0.5m);
        await TriggersWatched(s, 2);

        s.Advance(TimeSpan.FromSeconds(1));
        await s.OracleReports("ETH-USD", 1_960m);
        // Each report the oracle accepts is a price, the median of the three sources: 1,945 reaches the
        // stop and is only noted; 1,936, the next price, is made of only one report after it; the one
        // after, 1,936 again, of two; the one after that, 1,936 again, of three (all): it executes it.
        s.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1_960m, await Reports(s, 0, 1_930m));
        Assert.Equal(1_945m, await Reports(s, 1, 1_945m));
        Assert.Equal(1_936m, await Reports(s, 2, 1_936m));
        Assert.Equal(1_936m, await Reports(s, 0, 1_936m));
        Assert.Equal(1_936m, await Reports(s, 1, 1_936m));
        var stopped = await s.PositionWhen(longed, v => v.Status == PositionStatus.Closed, "closed by its stop-loss");
        // 1,895 reaches the target; 1,890, the next price, is made of one report after it; 1,890 again, of
        // two; 1,890 once more, of three, executes it.
        s.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1_936m, await Reports(s, 0, 1_905m));
        Assert.Equal(1_905m, await Reports(s, 1, 1_895m));
        Assert.Equal(1_895m, await Reports(s, 2, 1_890m));
        Assert.Equal(1_890m, await Reports(s, 0, 1_880m));
        Assert.Equal(1_890m, await Reports(s, 1, 1_890m));
        Assert.Equal(1_890m, await Reports(s, 2, 1_890m));
        var halved = await s.PositionWhen(shorted, v => v.Quantity == 1.25m, "halved by its take-profit");
        s.Advance(TimeSpan.FromSeconds(1));
        await s.OracleReports("ETH-USD", 1_850m);

        // A: 2.5 ETH closed at 1,936 (PnL −160, fee 0.05% of 4,840 = 2.42) and nothing else.
        Assert.Null(stopped.Triggers);
        Assert.InRange(stopped.RealizedPayout, 997.5m - 160m - 2.42m - 0.01m, 997.5m - 160m - 2.42m);
        Assert.Equal(PositionStatus.Open, halved.Status);
        Assert.Null(halved.Triggers);
        // B: 1.25 ETH closed at 1,890 (PnL +137.5, fee 0.05% of 2,362.5 = 1.18125), half the collateral with it.
        Assert.InRange(halved.RealizedPayout, 498.75m + 137.5m - 1.18125m - 0.01m, 498.75m + 137.5m - 1.18125m);
        Assert.Equal(1.25m, (await s.Settled(shorted))!.Quantity);
        await s.BooksBalance();
    }

    [Fact]
    public async Task A_trigger_placed_before_a_restart_is_watched_again_and_executes_after_it()
    {
        await using var s = await Scenario.StartAsync(databases.Fresh());
        await s.MarketIsWatched("ETH-USD");
        await s.OracleReports("ETH-USD", 2_000m);
        await s.GivenPool("ETH-USD", 1_000_000m);
        var a = await s.Trader("A").Deposits(10_000m);
        var p = await a.Opens("ETH-USD", PositionSide.Long, 1_000m, 5m);
        await Places(s, a, p, TriggerKind.TakeProfit, 2_100m);

        await s.Restart();
        await s.MarketIsWatched("ETH-USD");
        await TriggersWatched(s, 1);
        Assert.Equal(2_100m, Assert.Single((await s.Position(p)).Triggers!).TriggerPrice);
        s.Advance(TimeSpan.FromSeconds(1));
        // The second source's 2,150 is the oracle's first price past the target; the third's, the next, is
        // made of one report after it; the first source's next 2,150 makes two, and executes it.
        await s.OracleReports("ETH-USD", 2_150m);
        await s.OracleReports("ETH-USD", 2_150m);

        var closed = await s.PositionWhen(p, v => v.Status == PositionStatus.Closed, "closed by its take-profit");
        // 2.5 ETH closed at 2,150: PnL +375, fee 0.05% of 5,375 = 2.6875, less a few seconds of interest.
        Assert.InRange(closed.RealizedPayout, 997.5m + 375m - 2.6875m - 0.01m, 997.5m + 375m - 2.6875m);
        await s.BooksBalance();
    }
}

public sealed class TriggerStoriesOnSqlite() : TriggerStories(TestDatabases.Sqlite);

[Collection(PostgresCollection.Name)]
public sealed class TriggerStoriesOnPostgres(PostgresFixture postgres) : TriggerStories(postgres.Databases);
