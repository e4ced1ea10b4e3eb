using Akka.Actor;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Risk;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Safety;

/// <summary>
/// Finding 1 of the money-safety review: after a restart or a singleton hand-over the liquidator
/// re-sent unresolved breaches at the breach's own price, and the position accepted whatever price
/// the command carried. A position that breached at 1,810 and recovered to 1,900 (equity 490.25
/// against maintenance 95) was still liquidated at 1,810.
/// </summary>
public class StaleLiquidationPriceSpecs
{
    private static readonly AccountId Liquidator = AccountId.From("liquidator");

    /// <summary>
    /// A 10x long at 2,000 breaches a minute later at 1,810: 995 − 950 − 4.525 (closing fee) − 0.000008
    /// (a minute of interest on 9,000 at a utilization under 1%, rounded up) = 40.474992 of equity
    /// against 90.5 of maintenance. Two minutes later (past the oracle's 60 s staleness limit) ETH is back at 1,900.
    /// </summary>
    private static (ExchangeStory Story, PositionId Position, long BreachSequence) BreachedThenRecovered()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        var p = s.Opens(s.Funded("trader", 10_000m), PositionSide.Long, 1_000m, 10m);
        s.Advance(TimeSpan.FromMinutes(1));
        var breachSequence = s.PriceIs(1_810m);
        s.Check(p);
        Assert.Equal(40.474992m, s.Position(p).OpenBreach!.Equity);
        s.Advance(TimeSpan.FromMinutes(2));
        s.PriceIs(1_900m);
        return (s, p, breachSequence);
    }

    [Fact]
    public void The_breach_price_sent_again_later_is_refused_and_the_fresh_price_clears_the_breach()
    {
        var (s, p, breachSequence) = BreachedThenRecovered();
        var breachAt = s.Position(p).OpenBreach!.At;

        // What a restarted liquidator used to send: the breach's price, now.
        var replayed = (LiquidationAnswer)s.X.Send(new Liquidate(p, 1, Liquidator, 1_810m, breachSequence, breachAt, 1m, s.Now))!;

        Assert.False(replayed.Resolved);
        Assert.True(replayed.PriceRefused);
        Assert.Null(s.Position(p).PendingLiquidation);
        Assert.Equal(PositionStatus.Open, s.Position(p).Status);

        var fresh = s.Liquidate(p, Liquidator);

        // At 1,900: 995 − 500 − 4.75 (closing fee) − three minutes of interest ≈ 490.25 of equity against 95 of maintenance.
        Assert.True(fresh.Resolved);
        Assert.Equal(PositionStatus.Open, s.Position(p).Status);
        Assert.Null(s.Position(p).OpenBreach);
        Assert.Equal(5m, s.Position(p).Quantity);
        s.BooksBalance();
    }

    [Fact]
    public void A_price_older_than_the_newest_the_position_acted_on_is_refused_even_when_recent()
    {
        var (s, p, breachSequence) = BreachedThenRecovered();

        var older = (LiquidationAnswer)s.X.Send(new Liquidate(p, 1, Liquidator, 1_700m, breachSequence - 1, s.Now, 1m, s.Now))!;

        Assert.True(older.PriceRefused);
        Assert.Null(s.Position(p).PendingLiquidation);
    }

    [Fact]
    public async Task A_node_started_on_an_unresolved_breach_asks_the_oracle_and_clears_it_at_the_recovered_price()
    {
        var (s, p, _) = BreachedThenRecovered();
        using var database = TestDatabase.OnDisk();
        JournalTableWriter.Write(database.FilePath!, s.X.Journal);

        var clock = new ManualClock(s.Now.AddSeconds(10));
        await using var node = await TestNode.StartAsync(database, new NodeOptions { Clock = clock });

        await Eventually.Holds("the liquidator to resolve the breach", async () =>
            await node.MarketWatch.Ask<object>(new GetLiquidatorStatus(ExchangeStory.Eth), Scenario.Timeout)
                is LiquidatorStatus { Outstanding: 0, LiquidationsSent: > 0 });
        PositionView? view = null;
        await Eventually.Holds("the position to tell its pool the breach cleared", async () =>
            (view = await node.Positions.Ask<PositionView>(new GetPosition(p, null, null), Scenario.Timeout)).PendingSteps == 0);
        Assert.Equal(PositionStatus.Open, view!.Status);
        Assert.Equal(5m, view.Quantity);
        Assert.Equal(995m, view.Collateral);
    }
}
