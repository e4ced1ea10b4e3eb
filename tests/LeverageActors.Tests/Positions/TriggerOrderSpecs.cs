using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Positions;

/// <summary>
/// Stop-loss and take-profit orders told to the pure states (<see cref="ExchangeStory"/>): placed by
/// the owner on its kind's side of the price, executed once as the owner's close at the first oracle
/// price after the one the risk index found reaching them (sent here by hand, as the index sends it:
/// the crossing and the next price), never while the position is being liquidated, and safely against
/// the owner's own close. The books balance after each.
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

    /// <summary>A second later, the oracle accepts <paramref name="price"/>; the crossing it would be for a trigger it reached.</summary>
    private TriggerCrossing Ticks(decimal price)
    {
        _s.Advance(TimeSpan.FromSeconds(1));
        return new TriggerCrossing(price, _s.PriceIs(price));
    }

    /// <summary>What the risk index sends: <paramref name="crossing"/> reached trigger <paramref name="trigger"/>, and the oracle's latest price executes it.</summary>
    private object? IndexSends(PositionId p, int trigger, TriggerCrossing crossing, int? maxDeliveries = null)
    {
        var oracle = _s.Oracle();
        return _s.X.Send(new ExecuteTrigger(p, trigger, oracle.Price!.Value, oracle.Sequence, oracle.PriceAt!.Value, _s.Now) { Crossing = crossing },
            maxDeliveries);
    }

    private List<PositionSettlementRequested> Settlements(PositionId p) =>
        _s.X.Journal.Select(e => e.Event).OfType<PositionSettlementRequested>().Where(e => e.PositionId == p).ToList();

    private List<TriggerExecuted> Executions(PositionId p) =>
        _s.X.Journal.Select(e => e.Event).OfType<TriggerExecuted>().Where(e => e.PositionId == p).ToList();

    private static void Refused(object? reply, string code) =>
        Assert.Equal(code, Assert.IsType<PositionCommandRejected>(reply).Reason.Code);

    [Fact]
    public void A_long_stop_loss_executes_once_as_the_owners_close_at_the_first_price_after_the_one_that_reached_it()
    {
        // 10x long on 1,000 at 2,000: 5 ETH on 995 (the opening fee 5 paid); stop-loss at 1,950.
        var p = _s.Opens(_trader, PositionSide.Long, 1_000m, 10m);
        var stop = Placed(p, TriggerKind.StopLoss, 1_950m);

        // 1,960 did not reach it: nothing, even at a later price.
        var above = Ticks(1_960m);
        Ticks(1_955m);
        IndexSends(p, stop, above);
        Assert.Empty(Executions(p));

        // 1,940 reached it, but executes nothing at its own tick: only a later price can.
        var crossing = Ticks(1_940m);
        IndexSends(p, stop, crossing);
        Assert.Empty(Executions(p));

        // The next price, 1,900, executes it; sent again (the index asks on every price past it), nothing more.
        var next = Ticks(1_900m);
        IndexSends(p, stop, crossing);
        IndexSends(p, stop, crossing);
        Ticks(1_880m);
        IndexSends(p, stop, next);

        var executed = Assert.Single(Executions(p));
        Assert.Equal((1_900m, next.Sequence, crossing), (executed.Price, executed.PriceSequence, executed.Crossing));
        var settled = Assert.Single(Settlements(p));
        Assert.Equal((1m, 1_900m, PositionTriggers.SettlementRequest(stop)), (settled.Fraction, settled.Price, settled.RequestId));
        var closed = _s.Position(p);
        Assert.Equal(PositionStatus.Closed, closed.Status);
        Assert.Empty(closed.Triggers.Waiting);
        // The owner's close at 1,900, no penalty: PnL 5 × (1,900 − 2,000) = −500, closing fee 0.05% of 9,500 = 4.75,
        // so 995 − 500 − 4.75 = 490.25 less a few seconds of interest.
        var completed = _s.X.Journal.Select(e => e.Event).OfType<PositionSettlementCompleted>().Single(e => e.PositionId == p);
        Assert.Equal((-500m, 4.75m, 0m), (completed.Settlement.Pnl, completed.Settlement.CloseFee, completed.Settlement.Penalty));
        Assert.InRange(completed.Settlement.Payout, 490.25m - 0.01m, 490.25m);
        _s.BooksBalance();
    }

    [Fact]
    public void A_stop_loss_whose_rest_would_be_below_the_minimum_notional_closes_the_whole_position()
    {
        // 0.01 ETH (20 of notional at 2,000); a stop-loss of 0.6 would leave 0.004 ETH, 7.6 at 1,900.
        var p = _s.Opens(_trader, PositionSide.Long, 10m, 2m);
        var stop = Placed(p, TriggerKind.StopLoss, 1_950m, fraction: 0.6m);

        var crossing = Ticks(1_940m);
        Ticks(1_900m);
        IndexSends(p, stop, crossing);

        Assert.Single(Executions(p));
        Assert.Equal(1m, Assert.Single(Settlements(p)).Fraction);
        Assert.Equal(PositionStatus.Closed, _s.Position(p).Status);
        _s.BooksBalance();
    }

    [Fact]
    public void A_short_take_profit_closes_its_fraction_at_the_next_price_even_when_it_moved_back_and_the_rest_stays_open()
    {
        // 5x short on 1,000 at 2,000: 2.5 ETH on 997.5; take-profit of half at 1,900.
        var p = _s.Opens(_trader, PositionSide.Short, 1_000m, 5m);
        var quantity = _s.Position(p).Quantity;
        var target = Placed(p, TriggerKind.TakeProfit, 1_900m, 0.5m);

        var crossing = Ticks(1_899m);
        Ticks(1_905m);
        IndexSends(p, target, crossing);

        var position = _s.Position(p);
        Assert.Equal(PositionStatus.Open, position.Status);
        Assert.Equal(quantity - Portion.OfQuantity(quantity, 0.5m), position.Quantity);
        Assert.Empty(position.Triggers.Waiting);
        // 1.25 ETH closed at 1,905, the price after the crossing: PnL 1.25 × 95 = 118.75.
        Assert.Equal(1_905m, Assert.Single(Settlements(p)).Price);
        var completed = _s.X.Journal.Select(e => e.Event).OfType<PositionSettlementCompleted>().Single(e => e.PositionId == p);
        Assert.Equal(118.75m, completed.Settlement.Pnl);
        _s.BooksBalance();
    }

    [Fact]
    public void A_crossing_that_did_not_reach_the_trigger_or_is_not_earlier_or_a_stale_or_old_price_executes_nothing()
    {
        var p = _s.Opens(_trader, PositionSide.Long, 1_000m, 10m);
        var first = Placed(p, TriggerKind.TakeProfit, 2_050m, 0.5m);
        var second = Placed(p, TriggerKind.TakeProfit, 2_050m, 0.5m);
        var crossing = Ticks(2_060m);
        var older = Ticks(2_065m);
        var olderAt = _s.Oracle().PriceAt!.Value;
        var newer = Ticks(2_070m);
        var newerAt = _s.Oracle().PriceAt!.Value;

        // A crossing that did not reach it; one not before the execution price; stale at the index's time; an unknown trigger.
        _s.X.Send(new ExecuteTrigger(p, first, 2_070m, newer.Sequence, newerAt, _s.Now) { Crossing = crossing with { Price = 2_049m } });
        _s.X.Send(new ExecuteTrigger(p, first, 2_070m, newer.Sequence, newerAt, _s.Now) { Crossing = newer });
        _s.X.Send(new ExecuteTrigger(p, first, 2_070m, newer.Sequence, newerAt, _s.Now.AddHours(1)) { Crossing = crossing });
        _s.X.Send(new ExecuteTrigger(p, second + 1, 2_070m, newer.Sequence, newerAt, _s.Now) { Crossing = crossing });
        Assert.Empty(Executions(p));

        _s.X.Send(new ExecuteTrigger(p, first, 2_070m, newer.Sequence, newerAt, _s.Now) { Crossing = crossing });
        // Older than the price the position last acted on.
        _s.X.Send(new ExecuteTrigger(p, second, 2_065m, older.Sequence, olderAt, _s.Now) { Crossing = crossing });
        Assert.Equal([first], Executions(p).Select(e => e.Trigger));
        _s.X.Send(new ExecuteTrigger(p, second, 2_070m, newer.Sequence, newerAt, _s.Now) { Crossing = crossing });
        Assert.Equal([first, second], Executions(p).Select(e => e.Trigger));
        _s.BooksBalance();
    }

    [Fact]
    public void An_order_without_a_crossing_as_an_older_index_sent_it_executes_only_at_a_price_that_reached_the_trigger()
    {
        var p = _s.Opens(_trader, PositionSide.Long, 1_000m, 10m);
        var stop = Placed(p, TriggerKind.StopLoss, 1_950m);
        var above = Ticks(1_960m);
        _s.X.Send(new ExecuteTrigger(p, stop, above.Price, above.Sequence, _s.Oracle().PriceAt!.Value, _s.Now));
        Assert.Empty(Executions(p));

        var reached = Ticks(1_940m);
        _s.X.Send(new ExecuteTrigger(p, stop, reached.Price, reached.Sequence, _s.Oracle().PriceAt!.Value, _s.Now));

        var executed = Assert.Single(Executions(p));
        Assert.Equal((1_940m, (TriggerCrossing?)null), (executed.Price, executed.Crossing));
        _s.BooksBalance();
    }

    /// <summary>A stop-loss at 1,950 placed against the oracle's price number, as the API places it; 1,940 reaches it.</summary>
    private (PositionId Position, int Stop, TriggerCrossing Reached) NumberedStopReached()
    {
        var p = _s.Opens(_trader, PositionSide.Long, 1_000m, 10m);
        var placed = _s.X.Send(new PlaceTrigger(p, _trader, RequestId.New(), TriggerKind.StopLoss, 1_950m, 1m, _s.Price(), _s.Now)
        {
            PriceSequence = _s.Oracle().Sequence,
        });
        var stop = Assert.IsType<PositionCommandAccepted>(placed).Position.Triggers!.Max(t => t.Trigger);
        return (p, stop, Ticks(1_940m));
    }

    /// <summary>
    /// A review: an execution without a crossing was taken for a trigger placed against a price number,
    /// whose index always names one, so it executed at the very price that reached it (a one-tick spike).
    /// </summary>
    [Fact]
    public void A_trigger_placed_against_a_price_number_executes_only_with_its_crossing_at_a_later_price()
    {
        var (p, stop, reached) = NumberedStopReached();

        _s.X.Send(new ExecuteTrigger(p, stop, reached.Price, reached.Sequence, _s.Oracle().PriceAt!.Value, _s.Now));
        Assert.Empty(Executions(p));

        Ticks(1_930m);
        IndexSends(p, stop, reached);
        Assert.Equal(1_930m, Assert.Single(Executions(p)).Price);
        _s.BooksBalance();
        Assert.Empty(AuditedJournal.Of(_s.X.Journal).Violations);
    }

    [Fact]
    public void A_row_executing_a_numbered_trigger_without_its_crossing_is_named_by_the_audit()
    {
        var (p, stop, reached) = NumberedStopReached();
        Ticks(1_930m);
        IndexSends(p, stop, reached);

        // A forger closes at the price that reached the stop, dropping the crossing that proves the next price.
        var journal = AuditedJournal.Edited(_s, e => e is TriggerExecuted t ? t with { Crossing = null, Price = reached.Price, PriceSequence = reached.Sequence } : e);

        Assert.Contains(AuditedJournal.Of(journal).Violations, v => v.Rule == "trigger-reached" && v.Expected.Contains("reached by the price, after price #"));
    }

    /// <summary>A review: the audit checked a trigger's prices, not that its position was free to settle, as the position checks.</summary>
    [Fact]
    public void A_row_executing_a_trigger_of_a_position_no_longer_open_is_named_by_the_audit()
    {
        var p = _s.Opens(_trader, PositionSide.Long, 1_000m, 10m);
        var stop = Placed(p, TriggerKind.StopLoss, 1_950m);
        var crossing = Ticks(1_940m);
        Ticks(1_930m);
        IndexSends(p, stop, crossing);
        Assert.Equal(PositionStatus.Closed, _s.Position(p).Status);
        var journal = _s.X.Journal.Select(e => (e.PersistenceId, e.Event)).ToList();
        var executed = journal.Single(e => e.Event is TriggerExecuted);

        journal.Add(executed);

        Assert.Contains(AuditedJournal.Of(journal).Violations, v => v.Rule == "trigger-busy" && v.Found.StartsWith("Closed"));
    }

    [Fact]
    public void When_the_price_after_the_crossing_breaches_the_liquidation_wins_and_the_trigger_does_nothing()
    {
        // 10x long at 2,000 with a stop-loss at 1,900: 1,890 reaches the stop, margin still above maintenance.
        var p = _s.Opens(_trader, PositionSide.Long, 1_000m, 10m);
        var stop = Placed(p, TriggerKind.StopLoss, 1_900m);
        var crossing = Ticks(1_890m);
        _s.Check(p);
        Assert.Null(_s.Position(p).OpenBreach);

        // The next price, 1,810, breaches: the index checks margins before it sends the trigger.
        Ticks(1_810m);
        _s.Check(p);
        Assert.NotNull(_s.Position(p).OpenBreach);
        IndexSends(p, stop, crossing);
        Assert.Empty(Executions(p));

        _s.Liquidate(p, AccountId.From("liquidator"));
        Assert.Equal(PositionStatus.Liquidated, _s.Position(p).Status);
        Assert.Empty(_s.Position(p).Triggers.Waiting);
        IndexSends(p, stop, crossing);
        Assert.Empty(Executions(p));
        Assert.Empty(Settlements(p));
        _s.BooksBalance();
    }

    [Fact]
    public void The_owners_close_in_flight_makes_the_trigger_wait_and_the_closed_position_takes_it_away()
    {
        var p = _s.Opens(_trader, PositionSide.Long, 1_000m, 10m);
        var stop = Placed(p, TriggerKind.StopLoss, 1_950m);
        var crossing = Ticks(1_940m);

        _s.X.Send(new ClosePosition(p, _trader, RequestId.New(), 1_940m, _s.Now), maxDeliveries: 1);
        var next = Ticks(1_930m);
        IndexSends(p, stop, crossing);
        Assert.Empty(Executions(p));
        _s.X.RetryOutboxes();
        Ticks(1_920m);
        IndexSends(p, stop, next);

        Assert.Empty(Executions(p));
        Assert.Equal(1_940m, Assert.Single(Settlements(p)).Price);
        Assert.Equal(PositionStatus.Closed, _s.Position(p).Status);
        _s.BooksBalance();
    }

    [Fact]
    public void A_trigger_in_flight_makes_the_owners_close_wait_and_the_close_after_it_finds_the_rest()
    {
        var p = _s.Opens(_trader, PositionSide.Long, 1_000m, 10m);
        var quantity = _s.Position(p).Quantity;
        var stop = Placed(p, TriggerKind.StopLoss, 1_950m, 0.25m);
        var crossing = Ticks(1_940m);
        Ticks(1_935m);

        IndexSends(p, stop, crossing, maxDeliveries: 1);
        Refused(_s.X.Send(new ClosePosition(p, _trader, RequestId.New(), 1_935m, _s.Now), maxDeliveries: 1), RejectionCodes.RequestInProgress);
        _s.X.RetryOutboxes();
        Assert.Equal(quantity - Portion.OfQuantity(quantity, 0.25m), _s.Position(p).Quantity);

        Assert.IsType<PositionCommandAccepted>(_s.X.Send(new ClosePosition(p, _trader, RequestId.New(), 1_935m, _s.Now)));
        Assert.Equal(PositionStatus.Closed, _s.Position(p).Status);
        Assert.Equal([(0.25m, 1_935m), (1m, 1_935m)], Settlements(p).Select(e => (e.Fraction, e.Price)));
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

        var crossing = Ticks(1_800m);
        Ticks(1_790m);
        IndexSends(p, stop, crossing);
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

    /// <summary>
    /// A trigger's fraction is of what is left when it fires. Checked against the minimum notional only
    /// when placed, decreases made since could shrink what it settles to a sliver whose share of the
    /// collateral rounds to nothing, a loss settled with nothing behind it (DustRemainderSpecs): it
    /// settles the market's minimum instead (a review's finding).
    /// </summary>
    [Fact]
    public void A_trigger_that_decreases_shrank_below_the_minimum_notional_settles_the_minimum()
    {
        // 10x long on 5,000 at 2,000: 25 ETH; a take-profit for 0.0002 of it, 10 of notional now.
        var p = _s.Opens(_trader, PositionSide.Long, 5_000m, 10m);
        var profit = Placed(p, TriggerKind.TakeProfit, 2_100m, 0.0002m);
        Assert.IsType<PositionCommandAccepted>(_s.X.Send(new DecreasePosition(p, _trader, RequestId.New(), 0.999m, _s.Price(), _s.Now)));
        var left = _s.Position(p).Quantity;

        var crossing = Ticks(2_110m);
        Ticks(2_120m);
        IndexSends(p, profit, crossing);

        // 0.0002 of the 0.025 ETH left would settle 0.0106 of notional at 2,120.
        var settled = Assert.Single(Settlements(p), e => e.RequestId == PositionTriggers.SettlementRequest(profit));
        Assert.InRange(settled.Fraction * left * 2_120m, 10m, 10.000001m);
        Assert.Equal(left - Portion.OfQuantity(left, settled.Fraction), _s.Position(p).Quantity);
        _s.BooksBalance();
        Assert.Empty(AuditedJournal.Of(_s.X.Journal.Select(e => (e.PersistenceId, e.Event)).ToList()).Violations);
    }
}
