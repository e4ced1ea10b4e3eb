using Akka.Actor;
using Akka.Persistence.Query;
using LeverageActors.Actors.Deleveraging;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;
using Xunit.Abstractions;

namespace LeverageActors.Tests.Deleveraging;

/// <summary>The deleverager actor told its market's journal directly, a probe as the position region.</summary>
public class AutoDeleveragerSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(
    "akka.actor.provider = cluster\nakka.remote.dot-netty.tcp.port = 0", output)
{
    /// <summary>
    /// The rally of <see cref="AutoDeleveragingSpecs"/> to 4,000, whose price the topic never
    /// brought (a node just joined): the deleverager reads it in the journal and reduces the
    /// best-ranked long first all the same.
    /// </summary>
    [Fact]
    public void A_price_the_topic_never_brought_is_measured_from_the_journal()
    {
        var s = new AdlStory();
        s.S.PriceIs(4_000m);
        var positions = CreateTestProbe();
        var clock = new ManualClock(s.S.Now);
        var deleverager = Sys.ActorOf(Props.Create(() =>
            new AutoDeleverager(ExchangeStory.Eth, positions.Ref, clock, TimeSpan.FromMinutes(1), false)));

        var offset = 0L;
        foreach (var (persistenceId, evt) in s.S.X.Journal)
            deleverager.Tell(new EventEnvelope(Offset.Sequence(++offset), persistenceId, offset, evt, 0, []));

        var first = positions.ExpectMsg<AutoDeleverage>(TimeSpan.FromSeconds(5));
        Assert.Equal((s.A, 1, 4_000m), (first.PositionId, first.Rank, first.Price));
    }
}
