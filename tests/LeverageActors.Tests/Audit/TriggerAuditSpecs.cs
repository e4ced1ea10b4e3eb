using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Audit;

/// <summary>
/// A trigger execution's price is the oracle's price of its number, fresh at its time; the price that
/// crossed the trigger is its own number's, reached it and came before; the settlement asked for the
/// execution's price: a long at 2,000 with a stop-loss at 1,950, crossed by price #3 (1,940) and
/// executed at #4 (1,930), then a price #5 (1,920). An execution or crossing edited to another price,
/// to an accepted price that never reached the stop, to a crossing not before the execution, or to a
/// later price than the settlement used is caught.
/// </summary>
public class TriggerAuditSpecs
{
    private static (ExchangeStory S, PositionId P, long Opened, TriggerCrossing Crossing) Stopped(decimal fraction = 1m)
    {
        var s = new ExchangeStory();
        var opened = s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        var trader = s.Funded("trader", 10_000m);
        var p = s.Opens(trader, PositionSide.Long, 1_000m, 10m);
        s.X.Send(new PlaceTrigger(p, trader, RequestId.New(), TriggerKind.StopLoss, 1_950m, fraction, 2_000m, s.Now));
        s.Advance(TimeSpan.FromSeconds(2));
        var crossing = new TriggerCrossing(1_940m, s.PriceIs(1_940m));
        s.Advance(TimeSpan.FromSeconds(1));
        var next = s.PriceIs(1_930m);
        s.X.Send(new ExecuteTrigger(p, 1, 1_930m, next, s.Oracle().PriceAt!.Value, s.Now) { Crossing = crossing });
        Assert.Equal(fraction == 1m ? PositionStatus.Closed : PositionStatus.Open, s.Position(p).Status);
        s.Advance(TimeSpan.FromSeconds(1));
        s.PriceIs(1_920m);
        return (s, p, opened, crossing);
    }

    private static List<(string PersistenceId, ILeverageEvent Event)> Edited(ExchangeStory s, Func<TriggerExecuted, TriggerExecuted> edit) =>
        s.X.Journal.Select(e => (e.PersistenceId, e.Event is TriggerExecuted x ? edit(x) : e.Event)).ToList();

    private static AuditViolation Caught(List<(string PersistenceId, ILeverageEvent Event)> journal, string rule, string expected)
    {
        var violations = AuditedJournal.Of(journal).Violations;
        return Assert.Single(violations, v => v.Rule == rule && v.Expected.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_trigger_execution_at_the_price_after_its_crossing_audits_clean()
    {
        var (s, _, _, crossing) = Stopped();
        Assert.Equal(crossing, Assert.Single(s.X.Journal.Select(e => e.Event).OfType<TriggerExecuted>()).Crossing);
        Assert.Empty(AuditedJournal.Of(s.X.Journal).Violations);
    }

    [Fact]
    public void A_partial_trigger_settled_whole_in_the_journal_is_caught()
    {
        // Half of 5 ETH leaves 2.5, thousands of notional: no reason to settle the whole position.
        var (s, p, _, _) = Stopped(0.5m);
        Assert.Empty(AuditedJournal.Of(s.X.Journal).Violations);
        var journal = s.X.Journal.Select(e => (e.PersistenceId,
            e.Event is PositionSettlementRequested r && r.RequestId.Value.StartsWith("trigger.", StringComparison.Ordinal) ? r with { Fraction = 1m } : e.Event)).ToList();

        var violation = Caught(journal, "trigger-fraction", "fraction 0.5");
        Assert.Equal(($"position-{p}", "1"), (violation.Entity, violation.Found));
    }

    [Fact]
    public void An_execution_edited_to_a_price_the_oracle_did_not_give_that_number_is_caught()
    {
        var (s, p, _, _) = Stopped();
        var violation = Assert.Single(AuditedJournal.Of(Edited(s, x => x with { Price = 1_925m })).Violations, v => v.Rule == "trigger-price");
        Assert.Equal($"position-{p}", violation.Entity);
    }

    [Fact]
    public void A_crossing_edited_to_an_accepted_price_that_never_reached_the_stop_is_caught()
    {
        var (s, p, opened, _) = Stopped();
        var violation = Caught(Edited(s, x => x with { Crossing = new TriggerCrossing(2_000m, opened) }), "trigger-reached", "reached by");
        Assert.Equal($"position-{p}", violation.Entity);
        Assert.Contains("crossed at 2000", violation.Found);
    }

    [Fact]
    public void A_crossing_edited_to_a_price_the_oracle_did_not_give_that_number_is_caught()
    {
        var (s, _, _, crossing) = Stopped();
        var violation = Caught(Edited(s, x => x with { Crossing = crossing with { Price = 1_900m } }), "trigger-reached", "oracle price #");
        Assert.Equal("1900", violation.Found);
    }

    [Fact]
    public void An_execution_edited_to_the_crossing_price_itself_is_caught_as_not_after_it_and_not_what_the_settlement_used()
    {
        var (s, _, _, crossing) = Stopped();
        var journal = Edited(s, x => x with { Price = crossing.Price, PriceSequence = crossing.Sequence });

        Assert.Contains("executed at 1940", Caught(journal, "trigger-reached", "a price before the execution's").Found);
        Assert.Equal("settlement 1 at 1930", Caught(journal, "trigger-reached", "at its execution price 1940").Found);
    }

    [Fact]
    public void An_execution_edited_to_a_later_accepted_price_than_the_settlement_used_is_caught()
    {
        var (s, _, _, _) = Stopped();
        var later = s.Oracle();
        var violation = Caught(Edited(s, x => x with { Price = later.Price!.Value, PriceSequence = later.Sequence, PriceAt = later.PriceAt!.Value }),
            "trigger-reached", "at its execution price 1920");
        Assert.Equal("settlement 1 at 1930", violation.Found);
    }

    [Fact]
    public void An_execution_of_the_older_form_without_a_crossing_audits_by_its_own_price()
    {
        var (s, p, opened, _) = Stopped();
        // The crossing struck out: 1,930 reached the stop itself, as an older index's execution would.
        Assert.Empty(AuditedJournal.Of(Edited(s, x => x with { Crossing = null })).Violations);
        var violation = Caught(Edited(s, x => x with { Crossing = null, Price = 2_000m, PriceSequence = opened }), "trigger-reached", "reached by the price");
        Assert.Equal($"position-{p}", violation.Entity);
    }

    /// <summary>
    /// A long at 2,000, price #a at 1,940, then price #b at 2,000, a stop at 1,950 placed against #b
    /// (its number recorded or not), and the execution of that stop with #a as its crossing at #c (2,000).
    /// </summary>
    private static (ExchangeStory S, PositionId P, long PlacedAt) StopExecutedOnAnEarlierCrossing(bool numbered)
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        var trader = s.Funded("trader", 10_000m);
        var p = s.Opens(trader, PositionSide.Long, 1_000m, 10m);
        s.Advance(TimeSpan.FromSeconds(1));
        var before = new TriggerCrossing(1_940m, s.PriceIs(1_940m));
        s.Advance(TimeSpan.FromSeconds(1));
        var placedAt = s.PriceIs(2_000m);
        s.X.Send(new PlaceTrigger(p, trader, RequestId.New(), TriggerKind.StopLoss, 1_950m, 1m, 2_000m, s.Now) { PriceSequence = numbered ? placedAt : null });
        s.Advance(TimeSpan.FromSeconds(1));
        var next = s.PriceIs(2_000m);
        s.X.Send(new ExecuteTrigger(p, 1, 2_000m, next, s.Oracle().PriceAt!.Value, s.Now) { Crossing = before });
        return (s, p, placedAt);
    }

    /// <summary>
    /// Price #a reached the stop's level but came before the price it was placed against, so it proves
    /// no crossing. The position refuses the execution (the trader would close at #c, a price they may
    /// have seen), and the audit names such a row.
    /// </summary>
    [Fact]
    public void A_crossing_from_before_the_price_the_trigger_was_placed_against_executes_nothing_and_is_caught()
    {
        var (s, p, _) = StopExecutedOnAnEarlierCrossing(numbered: true);
        Assert.Empty(s.X.Journal.Select(e => e.Event).OfType<TriggerExecuted>());
        Assert.Equal(PositionStatus.Open, s.Position(p).Status);

        // The same execution by a trigger placed without its price's number (as before the rule) is carried out...
        var (unnumbered, q, quoted) = StopExecutedOnAnEarlierCrossing(numbered: false);
        Assert.Equal(PositionStatus.Closed, unnumbered.Position(q).Status);
        Assert.Empty(AuditedJournal.Of(unnumbered.X.Journal).Violations);

        // ...and with the number written into its placement, the audit names it.
        var journal = unnumbered.X.Journal.Select(e => (e.PersistenceId, e.Event is TriggerPlaced t ? t with { PriceSequence = quoted } : e.Event)).ToList();
        var violation = Caught(journal, "trigger-reached", $"after price #{quoted}");
        Assert.Equal($"position-{q}", violation.Entity);
    }

    [Fact]
    public void A_placement_whose_price_number_is_not_the_price_it_names_is_caught()
    {
        var (s, p, opened, crossing) = Stopped();
        List<(string PersistenceId, ILeverageEvent Event)> Placed(long sequence) =>
            s.X.Journal.Select(e => (e.PersistenceId, e.Event is TriggerPlaced t ? t with { PriceSequence = sequence } : e.Event)).ToList();

        Assert.Empty(AuditedJournal.Of(Placed(opened)).Violations);
        // A later number (the crossing's, 1,940) names a price not yet accepted when the trigger was placed.
        var violation = Caught(Placed(crossing.Sequence), "trigger-placed", $"price #{crossing.Sequence} (none)");
        Assert.Equal(($"position-{p}", "2000"), (violation.Entity, violation.Found));
    }

    private static List<(string PersistenceId, ILeverageEvent Event)> Settled(
        ExchangeStory s, int trigger, decimal fraction, Func<TriggerExecuted, TriggerExecuted>? execution = null) =>
        s.X.Journal.Select(e => (e.PersistenceId, e.Event switch
        {
            PositionSettlementRequested r when r.RequestId == PositionTriggers.SettlementRequest(trigger) => r with { Fraction = fraction },
            TriggerExecuted x when x.Trigger == trigger && execution is not null => execution(x),
            var other => other,
        })).ToList();

    [Fact]
    public void A_marked_settlement_edited_back_to_the_trigger_s_own_fraction_under_the_minimum_is_caught()
    {
        // 0.00102 of about 5 ETH is 10.2 of notional at 2,000 (placed), 9.84 at 1,930 (executed): raised to the minimum of 10.
        var (s, p, _, _) = Stopped(0.00102m);
        var execution = Assert.Single(s.X.Journal.Select(e => e.Event).OfType<TriggerExecuted>());
        Assert.True(execution.SettlesAtLeastMinimum);
        Assert.True(s.X.Journal.Select(e => e.Event).OfType<PositionSettlementRequested>().Single().Fraction > 0.00102m);
        Assert.Empty(AuditedJournal.Of(s.X.Journal).Violations);

        var violation = Caught(Settled(s, 1, 0.00102m), "trigger-fraction", "fraction 0.00102");
        Assert.Equal(($"position-{p}", "0.00102"), (violation.Entity, violation.Found));
        // Unmarked, as a node before the rule wrote it, the trigger's own fraction is its settlement.
        Assert.DoesNotContain(AuditedJournal.Of(Settled(s, 1, 0.00102m, x => x with { SettlesAtLeastMinimum = false })).Violations,
            v => v.Rule == "trigger-fraction");
    }

    [Fact]
    public void A_later_execution_stripped_of_its_mark_on_a_position_whose_earlier_one_was_marked_is_held_to_the_rule()
    {
        var (s, p, _, _) = Stopped(0.5m);
        // A second stop for 10.1 of notional at 1,920 (placed), under the minimum at 1,900 (executed).
        var fraction = decimal.Round(10.1m / (s.Position(p).Quantity * 1_920m), 8, MidpointRounding.ToPositiveInfinity);
        var owner = s.Position(p).Account;
        Assert.IsType<PositionCommandAccepted>(s.X.Send(new PlaceTrigger(p, owner, RequestId.New(), TriggerKind.StopLoss, 1_915m, fraction, 1_920m, s.Now)));
        s.Advance(TimeSpan.FromSeconds(1));
        var crossing = new TriggerCrossing(1_910m, s.PriceIs(1_910m));
        s.Advance(TimeSpan.FromSeconds(1));
        var next = s.PriceIs(1_900m);
        s.X.Send(new ExecuteTrigger(p, 2, 1_900m, next, s.Oracle().PriceAt!.Value, s.Now) { Crossing = crossing });
        Assert.Equal(2, s.X.Journal.Select(e => e.Event).OfType<TriggerExecuted>().Count(x => x.SettlesAtLeastMinimum));
        Assert.Empty(AuditedJournal.Of(s.X.Journal).Violations);

        var violation = Caught(Settled(s, 2, fraction, x => x with { SettlesAtLeastMinimum = false }), "trigger-fraction", $"fraction {fraction}");
        Assert.Equal(($"position-{p}", fraction.ToString(System.Globalization.CultureInfo.InvariantCulture)), (violation.Entity, violation.Found));
    }
}
