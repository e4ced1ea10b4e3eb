using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Scenarios;

/// <summary>
/// Stop-loss and take-profit orders on a node: the oracle's prices reach the market's risk index,
/// which sends each trigger a price reached to its position; the position closes its fraction as
/// the owner's close at that price, once. The books balance after each.
/// </summary>
public abstract class TriggerStories(TestDatabases databases)
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");

    private static Task<PositionCommandAccepted> Places(Scenario s, TraderSteps owner, PositionId p, TriggerKind kind, decimal price, decimal fraction = 1m) =>
        s.Ask<PositionCommandAccepted>(s.Node.Positions, new PlaceTrigger(p, owner.Id, RequestId.New(), kind, price, fraction, s.PriceOf(Eth), s.Now));

    [Fact]
    public async Task A_long_stop_and_a_short_target_each_execute_once_at_the_first_price_past_them()
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

        s.Advance(TimeSpan.FromSeconds(1));
        await s.OracleReports("ETH-USD", 1_955m);
        s.Advance(TimeSpan.FromSeconds(1));
        await s.OracleReports("ETH-USD", 1_930m);
        var stopped = await s.PositionWhen(longed, v => v.Status == PositionStatus.Closed, "closed by its stop-loss");
        s.Advance(TimeSpan.FromSeconds(1));
        await s.OracleReports("ETH-USD", 1_880m);
        var halved = await s.PositionWhen(shorted, v => v.Quantity == 1.25m, "halved by its take-profit");
        s.Advance(TimeSpan.FromSeconds(1));
        await s.OracleReports("ETH-USD", 1_850m);

        // A: 2.5 ETH closed at 1,930 (PnL −175, fee 0.05% of 4,825 = 2.4125) and nothing else.
        Assert.Null(stopped.Triggers);
        Assert.InRange(stopped.RealizedPayout, 997.5m - 175m - 2.4125m - 0.01m, 997.5m - 175m - 2.4125m);
        Assert.Equal(PositionStatus.Open, halved.Status);
        Assert.Null(halved.Triggers);
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
        Assert.Equal(2_100m, Assert.Single((await s.Position(p)).Triggers!).TriggerPrice);
        s.Advance(TimeSpan.FromSeconds(1));
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
