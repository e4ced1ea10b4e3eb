using Akka.Actor;
using Akka.Persistence.Query;
using LeverageActors.Actors.Risk;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Risk;
using LeverageActors.Tests.Support;
using Xunit.Abstractions;

namespace LeverageActors.Tests.Deleveraging;

/// <summary>
/// The market's auto-deleveraging as its risk index runs it, the index told the market's journal
/// directly, a probe as the position region. The index's own margin checks go to the same probe and
/// are left aside here.
/// </summary>
public class AutoDeleveragerSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(
    "akka.actor.provider = cluster\nakka.remote.dot-netty.tcp.port = 0", output)
{
    /// <summary>
    /// The rally of <see cref="AutoDeleveragingSpecs"/> to 4,000, a price only the journal holds
    /// (the topic never brought it, or someone added the row): a position settles a reduction at the
    /// price it is given, so the deleveraging acts on the oracle's topic alone and reduces nobody,
    /// though the index checks margins at that price once the topic's grace has passed. The same
    /// price from the topic reduces the best-ranked long.
    /// </summary>
    [Fact]
    public async Task A_price_only_the_journal_holds_reduces_nobody_while_the_oracles_does()
    {
        var s = new AdlStory();
        var sequence = s.S.PriceIs(4_000m);
        var positions = CreateTestProbe();
        positions.IgnoreMessages<CheckMargin>();
        var clock = new ManualClock(s.S.Now);
        var index = Sys.ActorOf(Props.Create(() =>
            new MarketRiskIndex(ExchangeStory.Eth, TestMarkets.WithoutPoolOpenInterestShare, positions.Ref, clock, false, null, TimeSpan.FromMilliseconds(200))));

        var offset = 0L;
        foreach (var (persistenceId, evt) in s.S.X.Journal)
            index.Tell(new EventEnvelope(Offset.Sequence(++offset), persistenceId, offset, evt, 0, []));

        positions.ExpectNoMsg(TimeSpan.FromSeconds(2.5)); // past the topic's grace and the evaluations of every second
        // The short is far past its threshold at 4,000: the journal's price did reach the index's checks.
        Assert.True((await index.Ask<RiskIndexStatus>(new GetRiskIndexStatus(ExchangeStory.Eth), TimeSpan.FromSeconds(5))).ChecksSent > 0);
        index.Tell(new PriceUpdated(ExchangeStory.Eth, 4_000m, s.S.Now, sequence));
        var first = positions.ExpectMsg<AutoDeleverage>(TimeSpan.FromSeconds(5));
        Assert.Equal((s.A, 1, 4_000m), (first.PositionId, first.Rank, first.Price));

        var status = await index.Ask<DeleveragerStatus>(new GetDeleveragerStatus(ExchangeStory.Eth), TimeSpan.FromSeconds(5));
        Assert.Equal((true, true), (status.Running, status.CaughtUp));
        // The round's number is the count of the market's events read: the index's fold counts as a watch folding alone does.
        s.Catch();
        Assert.Equal(s.Watch.Observed, status.Observed);
        Assert.Equal(status.Observed, first.Round);
    }

    /// <summary>
    /// Two rows edited into the journal (settlements handing the insurance fund decimal.MaxValue each)
    /// overflow the deleveraging's insurance fund. It stops, and says so; the index goes on checking
    /// margins on the positions it folded. Before, the failure restarted the index, which lost them.
    /// </summary>
    [Fact]
    public async Task A_failing_deleveraging_stops_alone_and_margins_are_still_checked()
    {
        var s = new AdlStory();
        var positions = CreateTestProbe();
        var clock = new ManualClock(s.S.Now);
        var index = Sys.ActorOf(Props.Create(() =>
            new MarketRiskIndex(ExchangeStory.Eth, TestMarkets.WithoutPoolOpenInterestShare, positions.Ref, clock, false, null, null)));
        var offset = 0L;
        foreach (var (persistenceId, evt) in s.S.X.Journal)
            index.Tell(new EventEnvelope(Offset.Sequence(++offset), persistenceId, offset, evt, 0, []));
        Assert.True((await index.Ask<DeleveragerStatus>(new GetDeleveragerStatus(ExchangeStory.Eth), TimeSpan.FromSeconds(5))).Running);

        var forged = new Settlement(0, 0, 0, 0, 0, 0, 0, 0, 0, decimal.MaxValue, 0, 0, 0);
        foreach (var number in new[] { 90, 91 })
            index.Tell(new EventEnvelope(Offset.Sequence(++offset), "pool-ETH-USD", offset,
                new PositionSettled(ExchangeStory.Eth, s.A, number, 0.001m, 2_000m, forged, s.S.Now, false, 0), 0, []));

        var status = await index.Ask<DeleveragerStatus>(new GetDeleveragerStatus(ExchangeStory.Eth), TimeSpan.FromSeconds(5));
        Assert.False(status.Running);
        index.Tell(new PriceUpdated(ExchangeStory.Eth, 1_000m, s.S.Now, 1_000));
        var check = positions.ExpectMsg<CheckMargin>(TimeSpan.FromSeconds(5));
        Assert.Equal(1_000m, check.Price);
    }
}
