using Akka.Actor;
using Akka.Persistence.Query;
using LeverageActors.Actors.Risk;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using Xunit.Abstractions;

namespace LeverageActors.Tests.Margin;

/// <summary>
/// The risk index computes its thresholds at the market's requirement in force: when the oracle
/// records a rise, thresholds move at once (from the journal or from the price that carries it) and
/// the position the rise put under the new requirement is asked to check itself.
/// </summary>
public class DynamicMarginRiskIndexSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(
    "akka.actor.provider = cluster\nakka.remote.dot-netty.tcp.port = 0", output)
{
    /// <summary>An index fed the story's journal up to (not including) the requirement's record.</summary>
    /// <param name="topicGrace">How long the topic may take before the journal's copy of a price is taken; by default longer than any spec.</param>
    private (IActorRef Index, Akka.TestKit.TestProbe Positions, List<(string, Messages.ILeverageEvent)> After) IndexBeforeTheRise(
        DynamicMarginStory story, TimeSpan? topicGrace = null)
    {
        var positions = CreateTestProbe();
        var clock = new Support.ManualClock(story.S.Now);
        var index = Sys.ActorOf(Props.Create(() =>
            new MarketRiskIndex(DynamicMarginStory.Eth, DynamicMarginStory.Catalog(true), positions.Ref, clock, false, null, topicGrace ?? TimeSpan.FromHours(1))));
        var journal = story.S.X.Journal.Select(e => (e.PersistenceId, e.Event)).ToList();
        var rise = journal.FindIndex(e => e.Event is MarginRequirementChanged);
        for (var i = 0; i < rise; i++)
            index.Tell(new EventEnvelope(Offset.Sequence(i + 1), journal[i].PersistenceId, i + 1, journal[i].Event, 0, []));
        return (index, positions, journal.Skip(rise).ToList());
    }

    [Fact]
    public void A_recorded_rise_moves_the_thresholds_and_the_position_under_it_is_checked()
    {
        var story = new DynamicMarginStory();
        story.Swings();
        var (index, positions, rest) = IndexBeforeTheRise(story);
        var oracle = story.S.Oracle();
        var before = RiskThreshold.For(story.S.Position(story.Long), 1m)!.Value;
        var after = RiskThreshold.For(story.S.Position(story.Long), 1m, story.InForce()!.Maintenance)!.Value;
        Assert.True(before.Threshold < 2_015m && after.Threshold > 2_015m, $"{before.Threshold} → {after.Threshold}");

        // The price alone, as a fixed-margin market publishes it: the 40x long is above its threshold.
        index.Tell(new PriceUpdated(DynamicMarginStory.Eth, oracle.Price!.Value, oracle.PriceAt!.Value, oracle.Sequence));
        positions.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        // The oracle's record reaches the index through the journal: the rows move, the last price is checked again.
        var (persistenceId, rise) = rest[0];
        index.Tell(new EventEnvelope(Offset.Sequence(10_000), persistenceId, 10_000, rise, 0, []));

        var check = positions.ExpectMsg<CheckMargin>();
        Assert.Equal((story.Long, 2_015m), (check.PositionId, check.Price));
        positions.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_price_that_carries_the_rise_moves_the_thresholds_before_the_journal_does()
    {
        var story = new DynamicMarginStory();
        story.Swings();
        var (index, positions, _) = IndexBeforeTheRise(story);
        var oracle = story.S.Oracle();

        index.Tell(new PriceUpdated(DynamicMarginStory.Eth, oracle.Price!.Value, oracle.PriceAt!.Value, oracle.Sequence) { Margin = story.InForce() });

        var check = positions.ExpectMsg<CheckMargin>();
        Assert.Equal(story.Long, check.PositionId);
        Assert.Equal(story.InForce(), check.Margin); // the position decides at the rate published with the price
        positions.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    /// <summary>
    /// A price the topic lost is rebuilt from the journal as the oracle published it: with the
    /// requirement in force (the rise recorded with it) and the σ it came from.
    /// </summary>
    [Fact]
    public void A_price_taken_from_the_journal_carries_the_margin_the_oracle_published()
    {
        var story = new DynamicMarginStory();
        story.Swings();
        var (index, positions, rest) = IndexBeforeTheRise(story, MarketRiskIndex.TopicGrace);
        var oracle = story.S.Oracle();

        // The rest of the journal from the rise on, told at once after the rest; no price on the topic.
        Tell(index, rest);

        var check = positions.ExpectMsg<CheckMargin>(TimeSpan.FromSeconds(5));
        Assert.Equal((story.Long, 2_015m, oracle.Sequence), (check.PositionId, check.Price, check.PriceSequence));
        Assert.Equal(oracle.MarginWithPrice(oracle.PriceAt!.Value), check.Margin);
        Assert.Equal(oracle.ScaleWithPrice(oracle.PriceAt!.Value), check.Scale);
        Assert.NotNull(check.Margin);
        positions.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    /// <summary>
    /// The price was taken from the journal before its record reached the index (the reader stopped
    /// between them, at a page's end or another node's write in flight): at the record the price is
    /// checked again, with the margin the oracle published, not the one known when it was taken.
    /// </summary>
    [Fact]
    public void A_record_read_after_its_price_was_taken_checks_that_price_again_as_published()
    {
        var story = new DynamicMarginStory();
        story.Swings();
        var (index, positions, rest) = IndexBeforeTheRise(story, MarketRiskIndex.TopicGrace);
        var oracle = story.S.Oracle();

        // The price alone, taken after the grace: below the old requirement the 40x long is not crossed.
        positions.ExpectNoMsg(TimeSpan.FromSeconds(1.5));
        Tell(index, rest);

        var check = positions.ExpectMsg<CheckMargin>(TimeSpan.FromSeconds(5));
        Assert.Equal((story.Long, oracle.Sequence), (check.PositionId, check.PriceSequence));
        Assert.Equal(oracle.MarginWithPrice(oracle.PriceAt!.Value), check.Margin);
        Assert.NotNull(check.Margin);
    }

    private static void Tell(IActorRef index, List<(string, Messages.ILeverageEvent)> events)
    {
        var offset = 10_000;
        foreach (var (persistenceId, evt) in events)
            index.Tell(new EventEnvelope(Offset.Sequence(++offset), persistenceId, offset, evt, 0, []));
    }
}
