using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Tests.Margin;

/// <summary>
/// The audit justifies every liquidation at the requirement in force with its price, read from the
/// journal's own MarginRequirementChanged rows, and recomputes each of those from the volatility
/// the oracle recorded: an edited requirement, or a liquidation above what was in force, is a finding.
/// </summary>
public class DynamicMarginAuditSpecs
{
    private static AuditLedger Audit(IEnumerable<(string PersistenceId, ILeverageEvent Event)> journal) =>
        AuditedJournal.Of(journal, DynamicMarginStory.Catalog(dynamic: true));

    /// <summary>The grace story to its end: breached and liquidated at the new rate once the grace is over.</summary>
    private static DynamicMarginStory LiquidatedAfterGrace()
    {
        var story = new DynamicMarginStory();
        story.Swings();
        story.S.Advance(TimeSpan.FromSeconds(60));
        story.S.PriceIs(2_015m);
        story.Check(story.Long);
        story.Liquidate(story.Long);
        return story;
    }

    [Fact]
    public void A_liquidation_at_the_requirement_in_force_audits_clean_and_its_proof_names_the_rate()
    {
        var story = LiquidatedAfterGrace();
        var change = story.Recorded<MarginRequirementChanged>().Single();

        var ledger = Audit(story.S.X.Journal);

        Assert.Empty(ledger.Violations);
        var proof = Assert.Single(ledger.Liquidations);
        Assert.True(proof.Justified);
        Assert.Equal(change.Maintenance, proof.MaintenanceRate);
    }

    [Fact]
    public void A_rise_dated_a_grace_earlier_than_its_price_is_caught()
    {
        var story = LiquidatedAfterGrace();

        // Dated back by its grace, the rise would be in force for liquidations at its own price.
        var journal = story.S.X.Journal
            .Select(e => (e.PersistenceId, e.Event is MarginRequirementChanged m
                ? m with { At = m.At - (m.GraceUntil - m.At), GraceUntil = m.At }
                : e.Event))
            .ToList();

        Assert.Contains(Audit(journal).Violations, v => v.Rule == "margin-recomputed" && v.Entity == "oracle-ETH-USD");
    }

    [Fact]
    public void An_edited_requirement_is_caught()
    {
        var story = LiquidatedAfterGrace();

        // An insider lowers the recorded requirement after the fact, say to make the liquidation look unjustified, or raises it to justify one.
        var journal = story.S.X.Journal
            .Select(e => (e.PersistenceId, e.Event is MarginRequirementChanged m ? m with { Maintenance = m.Maintenance + 0.01m } : e.Event))
            .ToList();

        var violations = Audit(journal).Violations;
        Assert.Contains(violations, v => v.Rule == "margin-recomputed" && v.Entity == "oracle-ETH-USD");
        // The breach and the liquidation no longer match the requirement the journal now claims.
        Assert.Contains(violations, v => v.Rule == "breach-recomputed");
    }

    [Fact]
    public void A_liquidation_inside_the_grace_at_the_new_rate_is_a_finding()
    {
        // A faulty liquidator ignores the grace: it sends the new requirement as the liquidation rate.
        var story = new DynamicMarginStory();
        story.Swings();
        var inForce = story.InForce()!;
        Assert.True(inForce.InGrace);
        var forged = inForce with { Liquidation = inForce.Maintenance };
        var position = story.S.Position(story.Long);
        var oracle = story.S.Oracle();
        story.S.X.Send(new CheckMargin(story.Long, oracle.Price!.Value, 1m, oracle.Sequence, story.S.Now) { Margin = forged });
        story.Liquidate(story.Long, forged);
        Assert.Single(story.Recorded<LiquidationStarted>());
        // At the rate in force (1% in the grace) the position was healthy.
        var (equity, maintenance) = position.Margin(2_015m, 1m, inForce.Liquidation);
        Assert.True(equity >= maintenance);

        var violations = Audit(story.S.X.Journal).Violations;

        Assert.Contains(violations, v => v.Rule == "breach-recomputed");
        Assert.Contains(violations, v => v.Rule is "justified-liquidation" or "liquidation-recomputed");
    }
}
