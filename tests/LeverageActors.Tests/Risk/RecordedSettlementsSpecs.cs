using Akka.Actor;
using Akka.Persistence.Query;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Risk;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;
using Xunit.Abstractions;

namespace LeverageActors.Tests.Risk;

/// <summary>The risk index tells the market's pool which settlements' answers its positions recorded, read from the journal, once each.</summary>
public class RecordedSettlementsSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(
    "akka.actor.provider = cluster\nakka.remote.dot-netty.tcp.port = 0", output)
{
    private static readonly MarketId Eth = ExchangeStory.Eth;
    private static readonly DateTimeOffset T0 = ExchangeStory.T0;

    /// <summary>Two positions: one decreased then closed (settlements 1 and 2), one left open.</summary>
    internal static InProcessExchange Story()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        var trader = s.Funded("trader", 1_000_000m);
        var closed = s.Opens(trader, PositionSide.Long, 1_000m, 10m, "closed");
        s.Opens(trader, PositionSide.Short, 1_000m, 5m, "open");
        s.Advance(TimeSpan.FromHours(1));
        s.PriceIs(2_050m);
        s.X.Send(new DecreasePosition(closed, trader, RequestId.New(), 0.4m, 2_050m, s.Now));
        s.Advance(TimeSpan.FromHours(1));
        s.PriceIs(2_020m);
        s.X.Send(new ClosePosition(closed, trader, RequestId.New(), 2_020m, s.Now));
        return s.X;
    }

    [Fact]
    public void The_index_tells_the_pool_each_recorded_settlement_once()
    {
        var pools = CreateTestProbe();
        var index = Sys.ActorOf(Props.Create(() =>
            new MarketRiskIndex(Eth, MarketCatalog.Default, CreateTestProbe().Ref, new Support.ManualClock(T0), false, null, null, pools.Ref)));
        var offset = 0L;
        foreach (var (persistenceId, evt) in Story().Journal)
            index.Tell(new EventEnvelope(Offset.Sequence(++offset), persistenceId, offset, evt, 0, []));

        var told = pools.ExpectMsg<SettlementsRecorded>(TimeSpan.FromSeconds(5));

        Assert.Equal(Eth, told.Market);
        Assert.Equal([new SettlementKey(PositionId.From("closed"), 1), new SettlementKey(PositionId.From("closed"), 2)], told.Settlements);
        pools.ExpectNoMsg(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Only_a_positions_record_of_the_pools_answer_is_gathered_and_a_batch_is_at_most_its_size()
    {
        var recorded = new RecordedSettlements(caughtUp: true);
        foreach (var (_, evt) in Story().Journal)
            if (evt is IPositionEvent e)
                recorded.Observe(e);

        Assert.Equal(2, recorded.Take()!.Count);
        Assert.Null(recorded.Take());
        var completed = Story().Journal.Select(e => e.Event).OfType<PositionSettlementCompleted>().First();
        for (var i = 0; i <= RecordedSettlements.Batch; i++)
        {
            Assert.Equal(i >= RecordedSettlements.Batch, recorded.Full);
            recorded.Observe(completed with { Number = i + 1 });
        }

        Assert.Equal(RecordedSettlements.Batch, recorded.Take()!.Count);
        Assert.Equal([new SettlementKey(completed.PositionId, RecordedSettlements.Batch + 1)], recorded.Take());
    }

    [Fact]
    public void A_catch_up_gathers_the_records_of_answers_the_pool_still_keeps_and_only_when_it_ends()
    {
        var closed = PositionId.From("closed");
        var journal = Story().Journal.Select(e => e.Event).ToList();
        var last = journal.OfType<PositionSettled>().Last();
        var completed = journal.OfType<PositionSettlementCompleted>().First();
        // The decrease's answer forgotten by an index before this one; a record of an answer the pool never gave.
        journal.Add(new SettlementsForgotten(Eth, [new SettlementKey(closed, 1)], last.At));
        journal.Add(completed with { Number = 9 });
        var recorded = new RecordedSettlements(caughtUp: false);

        foreach (var evt in journal)
        {
            if (evt is IPoolEvent p)
                recorded.Observe(p);
            if (evt is IPositionEvent e)
                recorded.Observe(e);
            Assert.False(recorded.Full);
            Assert.Null(recorded.Take());
        }

        recorded.CaughtUp();
        Assert.Equal([new SettlementKey(closed, 2)], recorded.Take());
        Assert.Null(recorded.Take());
        recorded.Observe(completed);
        Assert.Equal([new SettlementKey(closed, 1)], recorded.Take());
    }
}
