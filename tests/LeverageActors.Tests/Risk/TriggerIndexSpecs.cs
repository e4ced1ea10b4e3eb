using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Risk;

/// <summary>
/// The risk index's trigger book (through its pure twin, which shares <c>TriggerBook</c> with the
/// actor): a long at 2,000 with a stop-loss at 1,950 and a take-profit at 2,100, a short with a
/// stop-loss at 2,080 and a take-profit at 1,900. A tick only notes each trigger it reached; the next
/// tick sends each noted one to its position with the crossing and its own price and number, and no
/// other; an executed, cancelled or closed one is gone.
/// </summary>
public sealed class TriggerIndexSpecs
{
    private readonly ExchangeStory _s = new();
    private readonly SimulatedRiskIndex _index = new();
    private readonly AccountId _trader;
    private readonly PositionId _long;
    private readonly PositionId _short;
    private int _read;

    public TriggerIndexSpecs()
    {
        _s.PriceIs(2_000m);
        _s.Provide(_s.Funded("lp", 1_000_000m), 1_000_000m);
        _trader = _s.Funded("trader", 10_000m);
        _long = _s.Opens(_trader, PositionSide.Long, 1_000m, 5m);
        _short = _s.Opens(_trader, PositionSide.Short, 1_000m, 5m);
        Place(_long, TriggerKind.StopLoss, 1_950m);
        Place(_long, TriggerKind.TakeProfit, 2_100m);
        Place(_short, TriggerKind.StopLoss, 2_080m);
        Place(_short, TriggerKind.TakeProfit, 1_900m);
        Follow();
    }

    private void Place(PositionId p, TriggerKind kind, decimal price) =>
        Assert.IsType<PositionCommandAccepted>(_s.X.Send(new PlaceTrigger(p, _trader, RequestId.New(), kind, price, 1m, 2_000m, _s.Now)));

    /// <summary>The index reads the journal written since it last read.</summary>
    private List<object> Follow()
    {
        var send = new List<object>();
        foreach (var (_, evt) in _s.X.Journal.Skip(_read).ToList())
            _index.Observe(evt, send);
        _read = _s.X.Journal.Count;
        return send;
    }

    private List<ExecuteTrigger> Tick(decimal price)
    {
        _s.Advance(TimeSpan.FromSeconds(1));
        var sequence = _s.PriceIs(price);
        var send = new List<object>();
        _index.OnTick(new PriceUpdated(ExchangeStory.Eth, price, _s.Now, sequence), send);
        return send.OfType<ExecuteTrigger>().ToList();
    }

    private string Named(IEnumerable<ExecuteTrigger> sent) =>
        string.Join(" ", sent.Select(e => $"{(e.PositionId == _long ? "long" : "short")}:{e.Trigger}").Order());

    [Theory]
    [InlineData(2_000, "")]
    [InlineData(1_950, "long:1")]
    [InlineData(1_900, "long:1 short:2")]
    [InlineData(2_080, "short:1")]
    [InlineData(2_150, "long:2 short:1")]
    public void A_tick_notes_the_triggers_it_reached_and_the_next_tick_sends_exactly_those_at_its_price(int price, string expected)
    {
        Assert.Empty(Tick(price));
        var crossing = _s.Oracle().Sequence;

        var sent = Tick(2_010m);

        Assert.Equal(expected, Named(sent));
        Assert.All(sent, e => Assert.Equal((2_010m, _s.Oracle().Sequence, new TriggerCrossing(price, crossing)), (e.Price, e.PriceSequence, e.Crossing)));
    }

    [Fact]
    public void A_trigger_is_sent_once_per_crossing_and_a_price_that_still_reaches_it_notes_it_again()
    {
        Assert.Empty(Tick(1_940m));
        var crossed = _s.Oracle().Sequence;
        Assert.Equal([new TriggerCrossing(1_940m, crossed)], Tick(1_930m).Select(e => e.Crossing));
        // Not executed (nobody delivered it): the second price, past the stop too, is the next crossing.
        var again = _s.Oracle().Sequence;
        Assert.Equal([new TriggerCrossing(1_930m, again)], Tick(1_960m).Select(e => e.Crossing));
        Assert.Empty(Tick(1_970m));
    }

    [Fact]
    public void Sent_to_the_positions_each_executes_once_and_leaves_the_book_and_a_closed_position_takes_its_others_along()
    {
        Assert.Empty(Tick(1_900m));
        foreach (var order in Tick(1_895m))
            _s.X.Send(order);
        Follow();

        Assert.Equal(PositionStatus.Closed, _s.Position(_long).Status);
        Assert.Equal(PositionStatus.Closed, _s.Position(_short).Status);
        Assert.Equal([1_895m, 1_895m], _s.X.Journal.Select(e => e.Event).OfType<TriggerExecuted>().Select(e => e.Price));
        Assert.Empty(Tick(1_800m));
        Assert.Empty(Tick(2_200m));
        Assert.Empty(Tick(2_210m));
        Assert.Equal(2, _s.X.Journal.Select(e => e.Event).OfType<TriggerExecuted>().Count());
        _s.BooksBalance();
    }

    [Fact]
    public void A_cancelled_trigger_leaves_the_book_and_its_note()
    {
        Assert.Empty(Tick(1_900m));
        Assert.IsType<PositionCommandAccepted>(_s.X.Send(new CancelTrigger(_long, _trader, RequestId.New(), 1, _s.Now)));
        Follow();

        Assert.Equal([(_short, 2)], Tick(1_905m).Select(e => (e.PositionId, e.Trigger)));
    }

    [Fact]
    public void A_trigger_placed_after_the_price_that_reached_it_is_noted_at_that_price_and_sent_at_the_next()
    {
        Assert.Empty(Tick(1_990m));
        var crossed = _s.Oracle().Sequence;
        _s.X.Send(new PlaceTrigger(_long, _trader, RequestId.New(), TriggerKind.StopLoss, 1_995m, 1m, 2_000m, _s.Now));
        Assert.Empty(Follow());

        var order = Assert.Single(Tick(2_001m));
        Assert.Equal((_long, 3, 2_001m, new TriggerCrossing(1_990m, crossed)), (order.PositionId, order.Trigger, order.Price, order.Crossing));
    }

    /// <summary>
    /// Prices reach the index by publication and placements through the journal: an index whose last
    /// price (1,990) is older than the one the trader placed a stop against (2,000) must not take it for
    /// the stop's crossing, or the stop would close at the next price, the 2,000 the trader had seen.
    /// </summary>
    [Fact]
    public void A_trigger_placed_against_a_price_the_index_has_not_seen_is_not_crossed_by_an_older_one()
    {
        Assert.Empty(Tick(1_990m));
        _s.Advance(TimeSpan.FromSeconds(1));
        var quoted = _s.PriceIs(2_000m);
        _s.X.Send(new PlaceTrigger(_long, _trader, RequestId.New(), TriggerKind.StopLoss, 1_995m, 1m, 2_000m, _s.Now) { PriceSequence = quoted });
        Assert.Empty(Follow());

        var send = new List<object>();
        _index.OnTick(new PriceUpdated(ExchangeStory.Eth, 2_000m, _s.Now, quoted), send);
        Assert.Empty(send.OfType<ExecuteTrigger>());
        // A later price that reaches it is its crossing, executed at the one after.
        Assert.Empty(Tick(1_994m));
        var crossing = _s.Oracle().Sequence;
        var order = Assert.Single(Tick(1_993m));
        Assert.Equal((_long, 3, new TriggerCrossing(1_994m, crossing)), (order.PositionId, order.Trigger, order.Crossing!));
    }

    [Fact]
    public void A_tick_older_than_a_crossing_sends_nothing()
    {
        Assert.Empty(Tick(1_940m));
        var crossed = _s.Oracle().Sequence;
        var send = new List<object>();
        _index.OnTick(new PriceUpdated(ExchangeStory.Eth, 1_960m, _s.Now, crossed - 1), send);
        _index.OnTick(new PriceUpdated(ExchangeStory.Eth, 1_940m, _s.Now, crossed), send);
        Assert.Empty(send);
    }
    /// <summary>
    /// With three sources and a quorum of two, the first report after the crossing makes a price of
    /// itself and two reports from before it, mostly the crossing price again, known to all: the
    /// trigger waits for a price a quorum of whose reports came after the crossing.
    /// </summary>
    [Fact]
    public void A_price_made_mostly_of_reports_from_before_the_crossing_is_not_its_next()
    {
        Assert.Empty(Tick(1_940m));
        var crossed = _s.Oracle().Sequence;

        Assert.Empty(Report("source-a", 1_900m));
        var sent = Report("source-b", 1_900m);

        Assert.Equal([(1_900m, _s.Oracle().Sequence, new TriggerCrossing(1_940m, crossed))], sent.Select(e => (e.Price, e.PriceSequence, e.Crossing!)));
    }

    /// <summary>One source reports; the index gets the price it made, as the oracle publishes it.</summary>
    private List<ExecuteTrigger> Report(string source, decimal price)
    {
        _s.X.Send(new ReportPrice(ExchangeStory.Eth, source, price, _s.Now, _s.Now));
        var accepted = _s.Oracle().Recent.Last();
        var send = new List<object>();
        _index.OnTick(new PriceUpdated(ExchangeStory.Eth, accepted.Price, _s.Now, accepted.Sequence) { Since = accepted.Since }, send);
        return send.OfType<ExecuteTrigger>().ToList();
    }
}
