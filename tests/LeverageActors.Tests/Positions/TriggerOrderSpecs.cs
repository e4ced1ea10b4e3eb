using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Positions;

/// <summary>
/// Stop-loss and take-profit orders told to the pure states (<see cref="ExchangeStory"/>): placed by
/// the owner on its kind's side of the price, executed once as the owner's close at the oracle price
/// the risk index found reaching them (sent here by hand, as the index sends it), never while the
/// position is being liquidated, and safely against the owner's own close. The books balance after each.
/// </summary>
public class TriggerOrderSpecs
{
    private readonly ExchangeStory _s = new();
    private readonly AccountId _trader;

    public TriggerOrderSpecs()
    {
        _s.PriceIs(2_000m);
        _s.Provide(_s.Funded("lp", 1_000_000m), 1_000_000m);
        _trader = _s.Funded("trader", 10_000m);
    }

    private object? Place(PositionId p, TriggerKind kind, decimal price, decimal fraction = 1m, RequestId? request = null) =>
        _s.X.Send(new PlaceTrigger(p, _trader, request ?? RequestId.New(), kind, price, fraction, _s.Price(), _s.Now));

    private int Placed(PositionId p, TriggerKind kind, decimal price, decimal fraction = 1m) =>
        Assert.IsType<PositionCommandAccepted>(Place(p, kind, price, fraction)).Position.Triggers!.Max(t => t.Trigger);

    /// <summary>What the risk index sends: the oracle's latest price reached trigger <paramref name="trigger"/>.</summary>
    private void IndexSends(PositionId p, int trigger)
    {
        var oracle = _s.Oracle();
        _s.X.Send(new ExecuteTrigger(p, trigger, oracle.Price!.Value, oracle.Sequence, oracle.PriceAt!.Value, _s.Now));
    }

    private List<PositionSettlementRequested> Settlements(PositionId p) =>
        _s.X.Journal.Select(e => e.Event).OfType<PositionSettlementRequested>().Where(e => e.PositionId == p).ToList();

    private List<TriggerExecuted> Executions(PositionId p) =>
        _s.X.Journal.Select(e => e.Event).OfType<TriggerExecuted>().Where(e => e.PositionId == p).ToList();

    private static void Refused(object? reply, string code) =>
        Assert.Equal(code, Assert.IsType<PositionCommandRejected>(reply).Reason.Code);

    [Fact]
    public void A_long_stop_loss_executes_once_as_the_owners_close_at_the_first_price_that_reached_it()
    {
        var p = _s.Opens(_trader, PositionSide.Long, 1_000m, 10m);
        var stop = Placed(p, TriggerKind.StopLoss, 1_950m);

        _s.Advance(TimeSpan.FromSeconds(1));
        _s.PriceIs(1_960m);
        IndexSends(p, stop);
        Assert.Empty(Executions(p));

        _s.Advance(TimeSpan.FromSeconds(1));
        var crossing = _s.PriceIs(1_940m);
        IndexSends(p, stop);
        IndexSends(p, stop);
        _s.Advance(TimeSpan.FromSeconds(1));
        _s.PriceIs(1_900m);
        IndexSends(p, stop);

        var executed = Assert.Single(Executions(p));
        Assert.Equal((1_940m, crossing), (executed.Price, executed.PriceSequence));
        var settled = Assert.Single(Settlements(p));
        Assert.Equal((1m, 1_940m, PositionTriggers.SettlementRequest(stop)), (settled.Fraction, settled.Price, settled.RequestId));
        var closed = _s.Position(p);
        Assert.Equal(PositionStatus.Closed, closed.Status);
        Assert.Empty(closed.Triggers.Waiting);
        // The owner's close pays no penalty: the payout is the collateral less the loss, interest and the closing fee.
        var completed = _s.X.Journal.Select(e => e.Event).OfType<PositionSettlementCompleted>().Single(e => e.PositionId == p);
        Assert.Equal(0m, completed.Settlement.Penalty);
        _s.BooksBalance();
    }

    [Fact]
    public void A_short_take_profit_closes_its_fraction_of_what_is_held_and_the_rest_stays_open()
    {
        var p = _s.Opens(_trader, PositionSide.Short, 1_000m, 5m);
        var quantity = _s.Position(p).Quantity;
        var target = Placed(p, TriggerKind.TakeProfit, 1_900m, 0.5m);

        _s.Advance(TimeSpan.FromSeconds(1));
        _s.PriceIs(1_899m);
        IndexSends(p, target);

        var position = _s.Position(p);
        Assert.Equal(PositionStatus.Open, position.Status);
        Assert.Equal(quantity - Portion.OfQuantity(quantity, 0.5m), position.Quantity);
        Assert.Empty(position.Triggers.Waiting);
        Assert.Equal(1_899m, Assert.Single(Settlements(p)).Price);
        _s.BooksBalance();
    }

    [Fact]
    public void A_price_that_did_not_reach_the_trigger_or_is_stale_or_older_than_the_newest_acted_on_executes_nothing()
    {
        var p = _s.Opens(_trader, PositionSide.Long, 1_000m, 10m);
        var first = Placed(p, TriggerKind.TakeProfit, 2_050m, 0.5m);
        var second = Placed(p, TriggerKind.TakeProfit, 2_050m, 0.5m);
        _s.Advance(TimeSpan.FromSeconds(1));
        var older = _s.PriceIs(2_060m);
        var olderAt = _s.Oracle().PriceAt!.Value;
        _s.Advance(TimeSpan.FromSeconds(1));
        var newer = _s.PriceIs(2_070m);
        var newerAt = _s.Oracle().PriceAt!.Value;

        // Not reached; reached but stale at the index's time; an unknown trigger.
        _s.X.Send(new ExecuteTrigger(p, first, 2_049m, newer, newerAt, _s.Now));
        _s.X.Send(new ExecuteTrigger(p, first, 2_070m, newer, newerAt, _s.Now.AddHours(1)));
        _s.X.Send(new ExecuteTrigger(p, second + 1, 2_070m, newer, newerAt, _s.Now));
        Assert.Empty(Executions(p));

        _s.X.Send(new ExecuteTrigger(p, first, 2_070m, newer, newerAt, _s.Now));
        // Older than the price the position last acted on.
        _s.X.Send(new ExecuteTrigger(p, second, 2_060m, older, olderAt, _s.Now));
        Assert.Equal([first], Executions(p).Select(e => e.Trigger));
        _s.X.Send(new ExecuteTrigger(p, second, 2_070m, newer, newerAt, _s.Now));
        Assert.Equal([first, second], Executions(p).Select(e => e.Trigger));
        _s.BooksBalance();
    }

    [Fact]
    public void A_trigger_on_a_position_being_liquidated_does_nothing_and_a_full_liquidation_takes_it_away()
    {
        var p = _s.Opens(_trader, PositionSide.Long, 1_000m, 10m);
        var stop = Placed(p, TriggerKind.StopLoss, 1_900m);

        _s.Advance(TimeSpan.FromSeconds(1));
        _s.PriceIs(1_810m);
        _s.Check(p);
        Assert.NotNull(_s.Position(p).OpenBreach);
        IndexSends(p, stop);
        Assert.Empty(Executions(p));

        _s.Liquidate(p, AccountId.From("liquidator"));
        Assert.Equal(PositionStatus.Liquidated, _s.Position(p).Status);
        Assert.Empty(_s.Position(p).Triggers.Waiting);
        IndexSends(p, stop);
        Assert.Empty(Executions(p));
        _s.BooksBalance();
    }

    [Fact]
    public void The_owners_close_in_flight_makes_the_trigger_wait_and_the_closed_position_takes_it_away()
    {
        var p = _s.Opens(_trader, PositionSide.Long, 1_000m, 10m);
        var stop = Placed(p, TriggerKind.StopLoss, 1_950m);
        _s.Advance(TimeSpan.FromSeconds(1));
        _s.PriceIs(1_940m);

        _s.X.Send(new ClosePosition(p, _trader, RequestId.New(), 1_940m, _s.Now), maxDeliveries: 1);
        IndexSends(p, stop);
        Assert.Empty(Executions(p));
        _s.X.RetryOutboxes();
        IndexSends(p, stop);

        Assert.Empty(Executions(p));
        Assert.Single(Settlements(p));
        Assert.Equal(PositionStatus.Closed, _s.Position(p).Status);
        _s.BooksBalance();
    }

    [Fact]
    public void A_trigger_in_flight_makes_the_owners_close_wait_and_the_close_after_it_finds_the_rest()
    {
        var p = _s.Opens(_trader, PositionSide.Long, 1_000m, 10m);
        var quantity = _s.Position(p).Quantity;
        var stop = Placed(p, TriggerKind.StopLoss, 1_950m, 0.25m);
        _s.Advance(TimeSpan.FromSeconds(1));
        _s.PriceIs(1_940m);

        var oracle = _s.Oracle();
        _s.X.Send(new ExecuteTrigger(p, stop, 1_940m, oracle.Sequence, oracle.PriceAt!.Value, _s.Now), maxDeliveries: 1);
        Refused(_s.X.Send(new ClosePosition(p, _trader, RequestId.New(), 1_940m, _s.Now), maxDeliveries: 1), RejectionCodes.RequestInProgress);
        _s.X.RetryOutboxes();
        Assert.Equal(quantity - Portion.OfQuantity(quantity, 0.25m), _s.Position(p).Quantity);

        Assert.IsType<PositionCommandAccepted>(_s.X.Send(new ClosePosition(p, _trader, RequestId.New(), 1_940m, _s.Now)));
        Assert.Equal(PositionStatus.Closed, _s.Position(p).Status);
        Assert.Equal([0.25m, 1m], Settlements(p).Select(e => e.Fraction));
        _s.BooksBalance();
    }

    [Theory]
    [InlineData(PositionSide.Long, TriggerKind.StopLoss, 2_000)]
    [InlineData(PositionSide.Long, TriggerKind.StopLoss, 2_001)]
    [InlineData(PositionSide.Long, TriggerKind.TakeProfit, 1_999)]
    [InlineData(PositionSide.Short, TriggerKind.StopLoss, 1_999)]
    [InlineData(PositionSide.Short, TriggerKind.TakeProfit, 2_001)]
    [InlineData(PositionSide.Short, TriggerKind.TakeProfit, 2_000)]
    public void A_trigger_the_price_already_reached_is_refused_as_on_the_wrong_side(PositionSide side, TriggerKind kind, int price)
    {
        var p = _s.Opens(_trader, side, 1_000m, 5m);
        Refused(Place(p, kind, price), RejectionCodes.TriggerWrongSide);
    }

    [Fact]
    public void Absurd_prices_fractions_and_the_eleventh_trigger_are_refused()
    {
        var p = _s.Opens(_trader, PositionSide.Long, 1_000m, 5m);
        Refused(Place(p, TriggerKind.StopLoss, 0m), RejectionCodes.InvalidTriggerPrice);
        Refused(Place(p, TriggerKind.StopLoss, -5m), RejectionCodes.InvalidTriggerPrice);
        Refused(Place(p, TriggerKind.StopLoss, 19m), RejectionCodes.InvalidTriggerPrice);
        Refused(Place(p, TriggerKind.TakeProfit, 200_001m), RejectionCodes.InvalidTriggerPrice);
        Refused(Place(p, TriggerKind.StopLoss, 1_900m, 0m), RejectionCodes.InvalidFraction);
        Refused(Place(p, TriggerKind.StopLoss, 1_900m, 1.01m), RejectionCodes.InvalidFraction);
        for (var i = 0; i < PositionTriggers.MaxPerPosition; i++)
            Placed(p, TriggerKind.StopLoss, 1_900m - i, 0.1m);
        Refused(Place(p, TriggerKind.TakeProfit, 2_100m), RejectionCodes.TooManyTriggers);
        Refused(_s.X.Send(new PlaceTrigger(p, AccountId.From("lp"), RequestId.New(), TriggerKind.StopLoss, 1_900m, 1m, 2_000m, _s.Now)),
            RejectionCodes.NotPositionOwner);
    }

    [Fact]
    public void A_cancel_is_idempotent_by_request_and_a_cancelled_trigger_is_gone()
    {
        var p = _s.Opens(_trader, PositionSide.Long, 1_000m, 5m);
        var stop = Placed(p, TriggerKind.StopLoss, 1_900m);
        var placing = RequestId.New();
        Assert.IsType<PositionCommandAccepted>(Place(p, TriggerKind.TakeProfit, 2_100m, 1m, placing));
        Assert.True(Assert.IsType<PositionCommandAccepted>(Place(p, TriggerKind.TakeProfit, 2_100m, 1m, placing)).AlreadyApplied);
        Refused(Place(p, TriggerKind.TakeProfit, 2_200m, 1m, placing), RejectionCodes.IdempotencyKeyReused);

        var cancel = RequestId.New();
        Assert.IsType<PositionCommandAccepted>(_s.X.Send(new CancelTrigger(p, _trader, cancel, stop, _s.Now)));
        Assert.True(Assert.IsType<PositionCommandAccepted>(_s.X.Send(new CancelTrigger(p, _trader, cancel, stop, _s.Now))).AlreadyApplied);
        Refused(_s.X.Send(new CancelTrigger(p, _trader, RequestId.New(), stop, _s.Now)), RejectionCodes.TriggerNotFound);
        Assert.Equal(TriggerKind.TakeProfit, Assert.Single(_s.Position(p).Triggers.Waiting).Kind);

        _s.Advance(TimeSpan.FromSeconds(1));
        _s.PriceIs(1_800m);
        IndexSends(p, stop);
        Assert.Empty(Executions(p));
    }

    [Fact]
    public void Triggers_survive_a_restart_from_the_journal()
    {
        var p = _s.Opens(_trader, PositionSide.Long, 1_000m, 5m);
        var stop = Placed(p, TriggerKind.StopLoss, 1_900m, 0.5m);
        _s.X.Restart();

        var kept = Assert.Single(_s.Position(p).Triggers.Waiting);
        Assert.Equal((stop, 1_900m, 0.5m), (kept.Trigger, kept.TriggerPrice, kept.Fraction));
        Assert.Equal(kept, Assert.Single(_s.Position(p).View(null, null).Triggers!));
    }
}
