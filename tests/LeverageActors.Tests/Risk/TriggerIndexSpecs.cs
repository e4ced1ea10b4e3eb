using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Risk;

/// <summary>
/// The risk index's trigger book (through its pure twin, which shares <c>TriggerBook</c> with the
/// actor): a long at 2,000 with a stop-loss at 1,950 and a take-profit at 2,100, a short with a
/// stop-loss at 2,080 and a take-profit at 1,900. A tick sends each trigger it reached to its position
/// with the tick's price and number, and no other; an executed, cancelled or closed one is gone.
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
    private void Follow()
    {
        foreach (var (_, evt) in _s.X.Journal.Skip(_read))
            _index.Observe(evt, []);
        _read = _s.X.Journal.Count;
    }

    private List<ExecuteTrigger> Tick(decimal price)
    {
        _s.Advance(TimeSpan.FromSeconds(1));
        var sequence = _s.PriceIs(price);
        var send = new List<object>();
        _index.OnTick(new PriceUpdated(ExchangeStory.Eth, price, _s.Now, sequence), send);
        return send.OfType<ExecuteTrigger>().ToList();
    }

    [Theory]
    [InlineData(2_000, "")]
    [InlineData(1_950, "long:1")]
    [InlineData(1_900, "long:1 short:2")]
    [InlineData(2_080, "short:1")]
    [InlineData(2_150, "long:2 short:1")]
    public void A_tick_sends_exactly_the_triggers_it_reached(int price, string expected)
    {
        var sent = Tick(price);
        Assert.Equal(expected, string.Join(" ", sent.Select(e => $"{(e.PositionId == _long ? "long" : "short")}:{e.Trigger}").Order()));
        Assert.All(sent, e => Assert.Equal((price, _s.Oracle().Sequence), (e.Price, e.PriceSequence)));
    }

    [Fact]
    public void Sent_to_the_positions_each_executes_once_and_leaves_the_book_and_a_closed_position_takes_its_others_along()
    {
        foreach (var order in Tick(1_900m))
            _s.X.Send(order);
        Follow();

        Assert.Equal(PositionStatus.Closed, _s.Position(_long).Status);
        Assert.Equal(PositionStatus.Closed, _s.Position(_short).Status);
        Assert.Empty(Tick(1_800m));
        Assert.Empty(Tick(2_200m));
        Assert.Equal(2, _s.X.Journal.Select(e => e.Event).OfType<TriggerExecuted>().Count());
        _s.BooksBalance();
    }

    [Fact]
    public void A_cancelled_trigger_leaves_the_book()
    {
        Assert.IsType<PositionCommandAccepted>(_s.X.Send(new CancelTrigger(_long, _trader, RequestId.New(), 1, _s.Now)));
        Follow();

        Assert.Equal([(_short, 2)], Tick(1_900m).Select(e => (e.PositionId, e.Trigger)));
    }

    [Fact]
    public void A_trigger_placed_after_the_price_that_reached_it_is_sent_with_that_price_as_the_index_reads_it()
    {
        Assert.Empty(Tick(1_990m));
        _s.X.Send(new PlaceTrigger(_long, _trader, RequestId.New(), TriggerKind.StopLoss, 1_995m, 1m, 2_000m, _s.Now));
        var send = new List<object>();
        foreach (var (_, evt) in _s.X.Journal.Skip(_read))
            _index.Observe(evt, send);

        var order = Assert.IsType<ExecuteTrigger>(Assert.Single(send));
        Assert.Equal((_long, 3, 1_990m), (order.PositionId, order.Trigger, order.Price));
    }
}
