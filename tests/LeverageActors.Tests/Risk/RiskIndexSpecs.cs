using Akka.Actor;
using Akka.Persistence.Query;
using Akka.TestKit;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Risk;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Risk;
using Xunit.Abstractions;

namespace LeverageActors.Tests.Risk;

/// <summary>The risk index touches exactly the positions a tick crosses, asserted with a probe as the position region.</summary>
public class RiskIndexSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(
    "akka.actor.provider = cluster\nakka.remote.dot-netty.tcp.port = 0", output)
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Longs at leverage 2..41 and shorts at 2..21, all opened at 2,000, fed to a fresh index.</summary>
    private (IActorRef Index, TestProbe Positions, InProcessExchange Exchange) IndexWithPositions(Support.ManualClock? clock = null)
    {
        var x = new InProcessExchange(MarketCatalog.Default);
        var lp = AccountId.From("lp");
        var trader = AccountId.From("trader");
        foreach (var a in new[] { lp, trader })
        {
            x.Send(new OpenAccount(a, RequestId.New(), T0));
            x.Send(new DepositFunds(a, RequestId.New(), 10_000_000m, T0));
        }

        x.Send(new ProvideLiquidity(lp, RequestId.New(), Eth, 10_000_000m, 2_000m, T0));
        for (var leverage = 2; leverage <= 41; leverage++)
            x.Send(new OpenPosition(PositionId.From($"long-{leverage}"), trader, RequestId.New(), Eth, PositionSide.Long, 1_000m, leverage, 2_000m, T0));
        for (var leverage = 2; leverage <= 21; leverage++)
            x.Send(new OpenPosition(PositionId.From($"short-{leverage}"), trader, RequestId.New(), Eth, PositionSide.Short, 1_000m, leverage, 2_000m, T0));

        var positions = CreateTestProbe();
        var index = Sys.ActorOf(Props.Create(() => new MarketRiskIndex(Eth, MarketCatalog.Default, positions.Ref, clock ?? new Support.ManualClock(T0), false)));
        var offset = 0L;
        foreach (var (persistenceId, evt) in x.Journal)
            index.Tell(new EventEnvelope(Offset.Sequence(++offset), persistenceId, offset, evt, 0, []));
        return (index, positions, x);
    }

    private static int CrossedBy(InProcessExchange x, decimal price) =>
        x.Positions.Count(p => RiskThreshold.For(p, 1m) is { } row
                               && (row.Side == PositionSide.Long ? price <= row.Threshold : price >= row.Threshold));

    [Fact]
    public void A_tick_that_crosses_no_threshold_sends_nothing()
    {
        var (index, positions, x) = IndexWithPositions();
        Assert.Equal(0, CrossedBy(x, 2_001m));

        index.Tell(new PriceUpdated(Eth, 2_001m, T0, 1));

        positions.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        index.Tell(new GetRiskIndexStatus(Eth));
        Assert.Equal(60, ExpectMsg<RiskIndexStatus>().Watched);
    }

    /// <summary>
    /// At leverage L a position holds 1,000 − 0.5L for L/2 ETH. Its conservative threshold (1.25%
    /// maintenance, 0.05% closing fee) is (2,001 − 2,000/L) / 0.987 for a long and
    /// (1,999 + 2,000/L) / 1.013 for a short. At 1,960 the longs from 31x cross (31x: 1,961.99;
    /// 30x: 1,959.81): 11; at 1,900 from 16x (1,900.71; 15x: 1,892.27): 26; at 2,080 the shorts
    /// from 19x (2,077.26; 18x: 2,083.03): 3; at 2,300 from 7x (2,255.39; 6x: 2,302.40): 15.
    /// </summary>
    [Theory]
    [InlineData("1960", 11)]
    [InlineData("1900", 26)]
    [InlineData("2080", 3)]
    [InlineData("2300", 15)]
    public void A_tick_that_crosses_k_thresholds_sends_exactly_k_checks(string price, int k)
    {
        var (index, positions, x) = IndexWithPositions();
        var p = decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(k, CrossedBy(x, p)); // the entities' own states agree with the arithmetic above

        index.Tell(new PriceUpdated(Eth, p, T0, 7));

        var checks = Enumerable.Range(0, k).Select(_ => positions.ExpectMsg<CheckMargin>()).ToList();
        positions.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(k, checks.Select(c => c.PositionId).Distinct().Count());
        Assert.All(checks, c => Assert.Equal((p, 7L), (c.Price, c.PriceSequence)));
    }

    /// <summary>
    /// Finding 10 of the money-safety review: thresholds were computed again only when a tick came,
    /// and their cushion is about two days of interest at high utilization, not months. The index now
    /// also brings interest into its thresholds on a timer.
    /// </summary>
    [Fact]
    public void Thresholds_follow_interest_on_a_timer_without_any_tick()
    {
        var (_, _, x) = IndexWithPositions();
        var clock = new Support.ManualClock(T0);
        var positions = CreateTestProbe();
        var index = Sys.ActorOf(Props.Create(() =>
            new MarketRiskIndex(Eth, MarketCatalog.Default, positions.Ref, clock, false, TimeSpan.FromMilliseconds(50))));
        var offset = 0L;
        foreach (var (persistenceId, evt) in x.Journal)
            index.Tell(new EventEnvelope(Offset.Sequence(++offset), persistenceId, offset, evt, 0, []));

        clock.Now = T0.AddDays(30);

        var pool = x.Pools.Single().AccruedTo(T0.AddDays(30));
        Assert.True(pool.BorrowIndex > 1.0001m, $"30 days of interest move the index past the refresh step: {pool.BorrowIndex}");
        AwaitAssert(() =>
        {
            index.Tell(new GetRiskIndexStatus(Eth));
            Assert.Equal(pool.BorrowIndex, ExpectMsg<RiskIndexStatus>().ThresholdIndex);
        });
        positions.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // no fresh price: nothing to check against
    }

    /// <summary>
    /// The 41x long: notional 41,000, opening fee 20.5 (0.05%), collateral 979.5, quantity 20.5.
    /// Its conservative threshold takes maintenance at 1.25 × 1% = 1.25% plus the 0.05% closing fee:
    /// (2,000 × 20.5 − 979.5) / (20.5 × (1 − 0.0125 − 0.0005)) = 40,020.5 / 20.2335 = 1,977.9326…
    /// The 40x long's is (40,000 − 980) / (20 × 0.987) = 1,976.6971…, every short's is above 2,000:
    /// a tick at 1,977.5 crosses the 41x long and nothing else.
    /// </summary>
    private const decimal OnlyTheFortyOneTimesLong = 1_977.5m;

    [Fact]
    public void A_tick_just_past_the_41x_long_threshold_checks_it_alone()
    {
        var (index, positions, _) = IndexWithPositions();

        index.Tell(new PriceUpdated(Eth, OnlyTheFortyOneTimesLong, T0, 2));

        var check = positions.ExpectMsg<CheckMargin>();
        Assert.Equal((PositionId.From("long-41"), OnlyTheFortyOneTimesLong, 2L), (check.PositionId, check.Price, check.PriceSequence));
        positions.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_closed_position_is_no_longer_watched()
    {
        var (index, positions, x) = IndexWithPositions();
        var before = x.Journal.Count;
        x.Send(new ClosePosition(PositionId.From("long-41"), AccountId.From("trader"), RequestId.New(), 2_000m, T0));
        var offset = (long)before;
        foreach (var (persistenceId, evt) in x.Journal.Skip(before))
            index.Tell(new EventEnvelope(Offset.Sequence(++offset), persistenceId, offset, evt, 0, []));

        // The same tick checks the 41x long while it is open (the spec above); closed, it checks nothing.
        index.Tell(new PriceUpdated(Eth, OnlyTheFortyOneTimesLong, T0, 2));

        positions.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        index.Tell(new GetRiskIndexStatus(Eth));
        Assert.Equal(59, ExpectMsg<RiskIndexStatus>().Watched);
    }

    /// <summary>The oracle's record of a price, as the index reads it from the market's journal (after every event of the exchange).</summary>
    private static EventEnvelope Recorded(PriceAccepted accepted) =>
        new(Offset.Sequence(10_000 + accepted.Sequence), "oracle-ETH-USD", accepted.Sequence, accepted, 0, []);

    /// <summary>
    /// The bench's three-node burst once persisted none of its 1,000 liquidations: the price was
    /// published on a topic whose subscribers the oracle's node did not know yet, and the index heard
    /// nothing. The price is in the journal the index follows: it is checked from there.
    /// </summary>
    [Fact]
    public void A_price_the_topic_never_brought_is_checked_from_the_journal()
    {
        var (index, positions, _) = IndexWithPositions();

        index.Tell(Recorded(new PriceAccepted(Eth, OnlyTheFortyOneTimesLong, 2, 3, T0, T0)));

        var check = positions.ExpectMsg<CheckMargin>(TimeSpan.FromSeconds(5));
        Assert.Equal((PositionId.From("long-41"), OnlyTheFortyOneTimesLong, 2L), (check.PositionId, check.Price, check.PriceSequence));
        // The topic's late copy of the same price checks nothing again.
        index.Tell(new PriceUpdated(Eth, OnlyTheFortyOneTimesLong, T0, 2));
        positions.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_price_the_topic_brought_is_not_checked_again_from_the_journal()
    {
        var (index, positions, _) = IndexWithPositions();

        index.Tell(new PriceUpdated(Eth, OnlyTheFortyOneTimesLong, T0, 2));
        Assert.Equal(2L, positions.ExpectMsg<CheckMargin>().PriceSequence);
        index.Tell(Recorded(new PriceAccepted(Eth, OnlyTheFortyOneTimesLong, 2, 3, T0, T0)));

        positions.ExpectNoMsg(TimeSpan.FromSeconds(1)); // past the topic's grace
    }

    /// <summary>
    /// A price the oracle publishes after a latency is not acted on from the journal before the
    /// topic had its chance: the latency and the grace count from when the index read it.
    /// </summary>
    [Fact]
    public void A_price_from_the_journal_waits_for_its_publication()
    {
        var (index, positions, _) = IndexWithPositions();

        index.Tell(Recorded(new PriceAccepted(Eth, OnlyTheFortyOneTimesLong, 2, 3, T0, T0.AddSeconds(2))));

        positions.ExpectNoMsg(TimeSpan.FromSeconds(2)); // 2 s of latency, then the grace
        Assert.Equal(2L, positions.ExpectMsg<CheckMargin>(TimeSpan.FromSeconds(5)).PriceSequence);
    }

    /// <summary>
    /// Prices the topic keeps losing, each read before the last fell due: the newest one due is
    /// taken, never none. #2 would check the 11 longs from 31x, #3 checks the 41x long alone, #4
    /// would check the 26 longs from 16x once its 30 s latency has passed.
    /// </summary>
    [Fact]
    public void Prices_the_topic_keeps_losing_are_taken_as_they_fall_due()
    {
        var (index, positions, _) = IndexWithPositions();

        index.Tell(Recorded(new PriceAccepted(Eth, 1_960m, 2, 3, T0, T0.AddSeconds(1))));
        index.Tell(Recorded(new PriceAccepted(Eth, OnlyTheFortyOneTimesLong, 3, 3, T0, T0.AddSeconds(1))));
        index.Tell(Recorded(new PriceAccepted(Eth, 1_900m, 4, 3, T0, T0.AddSeconds(30))));

        var check = positions.ExpectMsg<CheckMargin>(TimeSpan.FromSeconds(5));
        Assert.Equal((PositionId.From("long-41"), 3L), (check.PositionId, check.PriceSequence));
        positions.ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_stale_price_from_the_journal_is_not_acted_on()
    {
        var clock = new Support.ManualClock(T0);
        var (index, positions, _) = IndexWithPositions(clock);
        clock.Now = T0.AddHours(1);

        index.Tell(Recorded(new PriceAccepted(Eth, OnlyTheFortyOneTimesLong, 2, 3, T0, T0)));

        positions.ExpectNoMsg(TimeSpan.FromSeconds(1));
    }
}
