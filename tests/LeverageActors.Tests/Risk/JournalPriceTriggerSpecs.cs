using Akka.Actor;
using Akka.Persistence.Query;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Risk;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;
using Xunit.Abstractions;

namespace LeverageActors.Tests.Risk;

/// <summary>
/// A price the index takes from the journal is not the oracle's word: anyone who can write the
/// table can add one. It drives margin checks (a liquidator settles every breach at its own price
/// from the oracle) but never a trigger, which its position executes at the price the index gives.
/// </summary>
public class JournalPriceTriggerSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(
    "akka.actor.provider = cluster\nakka.remote.dot-netty.tcp.port = 0", output)
{
    [Fact]
    public void Prices_only_the_journal_holds_execute_no_trigger_while_the_oracles_do()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        var trader = s.Funded("trader", 10_000m);
        var position = s.Opens(trader, PositionSide.Long, 1_000m, 5m);
        Assert.IsType<PositionCommandAccepted>(s.X.Send(new PlaceTrigger(position, trader, RequestId.New(), TriggerKind.StopLoss, 1_950m, 1m, 2_000m, s.Now)));
        // Two prices through the stop-loss, in the journal and never on the topic (or rows someone added).
        s.PriceIs(1_940m);
        var second = s.PriceIs(1_945m);
        var positions = CreateTestProbe();
        var index = Sys.ActorOf(Props.Create(() => new MarketRiskIndex(ExchangeStory.Eth, MarketCatalog.Default, positions.Ref, new ManualClock(s.Now), false, null, null)));
        var offset = 0L;
        foreach (var (persistenceId, evt) in s.X.Journal)
            index.Tell(new EventEnvelope(Offset.Sequence(++offset), persistenceId, offset, evt, 0, []));

        positions.ExpectNoMsg(TimeSpan.FromSeconds(2)); // both fell due after 0.5 s: no execution

        // The same two moves from the oracle's topic: the first notes the crossing, the second executes it.
        index.Tell(new PriceUpdated(ExchangeStory.Eth, 1_940m, s.Now, second + 1));
        index.Tell(new PriceUpdated(ExchangeStory.Eth, 1_945m, s.Now, second + 2));
        var executed = positions.ExpectMsg<ExecuteTrigger>(TimeSpan.FromSeconds(5));
        Assert.Equal((position, 1_945m, second + 2), (executed.PositionId, executed.Price, executed.PriceSequence));
    }
}
