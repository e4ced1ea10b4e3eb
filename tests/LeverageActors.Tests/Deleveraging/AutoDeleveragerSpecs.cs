using Akka.Actor;
using Akka.Persistence.Query;
using LeverageActors.Actors.Deleveraging;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;
using Xunit.Abstractions;

namespace LeverageActors.Tests.Deleveraging;

/// <summary>The deleverager actor told its market's journal directly, a probe as the position region.</summary>
public class AutoDeleveragerSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(
    "akka.actor.provider = cluster\nakka.remote.dot-netty.tcp.port = 0", output)
{
    /// <summary>
    /// The rally of <see cref="AutoDeleveragingSpecs"/> to 4,000, a price only the journal holds
    /// (the topic never brought it, or someone added the row): a position settles a reduction at the
    /// price it is given, so the deleverager acts on the oracle's topic alone and reduces nobody.
    /// The same price from the topic reduces the best-ranked long.
    /// </summary>
    [Fact]
    public void A_price_only_the_journal_holds_reduces_nobody_while_the_oracles_does()
    {
        var s = new AdlStory();
        var sequence = s.S.PriceIs(4_000m);
        var positions = CreateTestProbe();
        var clock = new ManualClock(s.S.Now);
        var deleverager = Sys.ActorOf(Props.Create(() =>
            new AutoDeleverager(ExchangeStory.Eth, positions.Ref, clock, TimeSpan.FromMinutes(1), false)));

        var offset = 0L;
        foreach (var (persistenceId, evt) in s.S.X.Journal)
            deleverager.Tell(new EventEnvelope(Offset.Sequence(++offset), persistenceId, offset, evt, 0, []));

        positions.ExpectNoMsg(TimeSpan.FromSeconds(2.5)); // past its evaluations of every second
        deleverager.Tell(new PriceUpdated(ExchangeStory.Eth, 4_000m, s.S.Now, sequence));
        var first = positions.ExpectMsg<AutoDeleverage>(TimeSpan.FromSeconds(5));
        Assert.Equal((s.A, 1, 4_000m), (first.PositionId, first.Rank, first.Price));
    }
}
