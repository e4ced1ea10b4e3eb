using LeverageActors.Actors.Audit;
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
}
