using LeverageActors.Messages;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Audit;

/// <summary>
/// A trigger execution's price is the oracle's price of its number, fresh at its time, and it reached
/// the trigger: a long at 2,000 with a stop-loss at 1,950, executed at price #3 (1,940). An execution
/// edited to another price, or to an accepted price that never reached the stop, is caught.
/// </summary>
public class TriggerAuditSpecs
{
    private static (ExchangeStory S, PositionId P, long Opened) Stopped()
    {
        var s = new ExchangeStory();
        var opened = s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        var trader = s.Funded("trader", 10_000m);
        var p = s.Opens(trader, PositionSide.Long, 1_000m, 10m);
        s.X.Send(new PlaceTrigger(p, trader, RequestId.New(), TriggerKind.StopLoss, 1_950m, 1m, 2_000m, s.Now));
        s.Advance(TimeSpan.FromSeconds(2));
        var sequence = s.PriceIs(1_940m);
        s.X.Send(new ExecuteTrigger(p, 1, 1_940m, sequence, s.Oracle().PriceAt!.Value, s.Now));
        Assert.Equal(PositionStatus.Closed, s.Position(p).Status);
        return (s, p, opened);
    }

    private static List<(string PersistenceId, ILeverageEvent Event)> Edited(ExchangeStory s, Func<TriggerExecuted, TriggerExecuted> edit) =>
        s.X.Journal.Select(e => (e.PersistenceId, e.Event is TriggerExecuted x ? edit(x) : e.Event)).ToList();

    [Fact]
    public void A_trigger_execution_audits_clean()
    {
        Assert.Empty(AuditedJournal.Of(Stopped().S.X.Journal).Violations);
    }

    [Fact]
    public void An_execution_edited_to_a_price_the_oracle_did_not_give_that_number_is_caught()
    {
        var (s, p, _) = Stopped();
        var violation = Assert.Single(AuditedJournal.Of(Edited(s, x => x with { Price = 1_930m })).Violations, v => v.Rule == "trigger-price");
        Assert.Equal($"position-{p}", violation.Entity);
    }

    [Fact]
    public void An_execution_edited_to_an_accepted_price_that_never_reached_the_stop_is_caught()
    {
        var (s, p, opened) = Stopped();
        var violation = Assert.Single(AuditedJournal.Of(Edited(s, x => x with { Price = 2_000m, PriceSequence = opened })).Violations,
            v => v.Rule == "trigger-reached");
        Assert.Equal($"position-{p}", violation.Entity);
        Assert.Contains("2000", violation.Found);
    }
}
