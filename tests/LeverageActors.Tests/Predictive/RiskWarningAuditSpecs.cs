using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Margin;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Tests.Predictive;

/// <summary>
/// The audit recomputes every <see cref="PositionAtRisk"/> from the position's terms, the recorded
/// price and borrow index, and the requirement, σ and horizon in force (the journal's own
/// MarginRequirementChanged rows): an edited warning, or a second one before it cleared, is a finding.
/// </summary>
public sealed class RiskWarningAuditSpecs
{
    private static IReadOnlyList<AuditViolation> Audit(IEnumerable<(string PersistenceId, ILeverageEvent Event)> journal)
    {
        var dir = Directory.CreateTempSubdirectory("leverage-audit-warning-").FullName;
        try
        {
            var path = Path.Combine(dir, "journal.db");
            JournalTableWriter.Write(path, journal);
            var ledger = new AuditLedger(DynamicMarginStory.Catalog(dynamic: true));
            foreach (var row in new SqliteJournalSource(path).Rows())
                ledger.Read(row);
            ledger.Finish();
            return ledger.Violations;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Warned in the grace, cleared at 2,100, warned again when the rally's volatility lifts maintenance.</summary>
    private static PredictiveStory WarnedTwice()
    {
        var story = new PredictiveStory();
        story.Margin.Swings();
        story.Check();
        foreach (var price in new[] { 2_030m, 2_060m, 2_100m, 2_150m, 2_200m, 2_100m })
            story.PriceThenCheck(price);
        Assert.Equal(3, story.Warnings().Count);
        return story;
    }

    [Fact]
    public void Warnings_at_the_requirement_in_force_audit_clean()
    {
        Assert.Empty(Audit(WarnedTwice().Margin.S.X.Journal));
    }

    public static TheoryData<string> Edits() => ["sigmas", "sigma", "maintenance", "liquidation-price"];

    [Theory]
    [MemberData(nameof(Edits))]
    public void An_edited_warning_is_caught(string edit)
    {
        var journal = WarnedTwice().Margin.S.X.Journal
            .Select(e => (e.PersistenceId, e.Event is PositionAtRisk w && w.Sigmas == 0 && w.Maintenance == 0.031377m ? Edited(w, edit) : e.Event))
            .ToList();

        var violation = Assert.Single(Audit(journal));
        Assert.Equal("risk-warning-recomputed", violation.Rule);
    }

    private static PositionAtRisk Edited(PositionAtRisk w, string edit) => edit switch
    {
        "sigmas" => w with { Sigmas = 1.5m },
        "sigma" => w with { Sigma = w.Sigma * 2 },
        "maintenance" => w with { Maintenance = 0.01m },
        _ => w with { LiquidationPrice = w.LiquidationPrice - 10m },
    };

    [Fact]
    public void A_second_warning_before_the_first_cleared_is_caught()
    {
        var journal = WarnedTwice().Margin.S.X.Journal.Where(e => e.Event is not PositionRiskCleared).ToList();

        var violation = Assert.Single(Audit(journal));
        Assert.Equal("risk-warning-recomputed", violation.Rule);
        Assert.StartsWith("no second warning", violation.Expected);
    }
}
