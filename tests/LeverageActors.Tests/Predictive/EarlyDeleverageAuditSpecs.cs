using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Margin;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Tests.Predictive;

/// <summary>
/// The audit recomputes every <see cref="EarlyDeleverageStarted"/> from the position's terms, the
/// recorded price and borrow index, the requirement, σ and horizon in force and the market's
/// recorded predictive configuration (<see cref="EarlyDeleverageRule"/>), and the settlement it
/// started with its penalty: an edited deleverage, one in a market where it is off, or an edited
/// penalty is a finding.
/// </summary>
public sealed class EarlyDeleverageAuditSpecs
{
    private static readonly PredictiveLiquidation On = new() { EarlyDeleverage = true };

    private static IReadOnlyList<AuditViolation> Audit(IEnumerable<(string PersistenceId, ILeverageEvent Event)> journal)
    {
        var dir = Directory.CreateTempSubdirectory("leverage-audit-early-").FullName;
        try
        {
            var path = Path.Combine(dir, "journal.db");
            JournalTableWriter.Write(path, journal);
            var ledger = new AuditLedger(DynamicMarginStory.Catalog(dynamic: true, On));
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

    /// <summary>The story of <see cref="EarlyDeleverageSpecs"/>: warned and deleveraged at 2,015, then two more checks.</summary>
    private static List<(string PersistenceId, ILeverageEvent Event)> Deleveraged()
    {
        var story = new PredictiveStory(predictive: On);
        story.Margin.Swings();
        story.Check();
        story.PriceThenCheck(2_030m);
        Assert.Single(story.Margin.Recorded<EarlyDeleverageStarted>());
        return [.. story.Margin.S.X.Journal];
    }

    private static List<(string PersistenceId, ILeverageEvent Event)> Edited(Func<ILeverageEvent, ILeverageEvent> edit) =>
        Deleveraged().Select(e => (e.PersistenceId, edit(e.Event))).ToList();

    [Fact]
    public void An_early_deleverage_at_the_requirement_in_force_audits_clean()
    {
        Assert.Empty(Audit(Deleveraged()));
    }

    public static TheoryData<string> Edits() => ["fraction", "sigmas", "level", "target", "maintenance", "number"];

    [Theory]
    [MemberData(nameof(Edits))]
    public void An_edited_early_deleverage_is_caught(string edit)
    {
        var journal = Edited(e => e is EarlyDeleverageStarted d ? edit switch
        {
            "fraction" => d with { Fraction = d.Fraction - 0.05m },
            "sigmas" => d with { Sigmas = 0.9m },
            "level" => d with { Level = 3m },
            "target" => d with { Target = 1.5m },
            "maintenance" => d with { Maintenance = 0.01m },
            _ => d with { Number = d.Number + 1 },
        } : e);

        Assert.Contains(Audit(journal), v => v.Rule == EarlyDeleverageRule.Rule);
    }

    [Fact]
    public void An_early_deleverage_in_a_market_where_it_is_off_is_caught()
    {
        var journal = Edited(e => e is OracleOpened o
            ? o with { Parameters = o.Parameters with { Margin = o.Parameters.Margin! with { Predictive = new PredictiveLiquidation() } } }
            : e);

        var violation = Assert.Single(Audit(journal));
        Assert.Equal(EarlyDeleverageRule.Rule, violation.Rule);
        Assert.Contains("off", violation.Found);
    }

    [Fact]
    public void A_deleverage_recorded_without_its_penalty_is_caught_in_the_event_and_in_the_settlement()
    {
        var journal = Edited(e => e is EarlyDeleverageStarted d ? d with { PenaltyRate = 0m } : e);

        var rules = Audit(journal).Select(v => v.Rule).ToHashSet();
        Assert.Contains(EarlyDeleverageRule.Rule, rules);
        Assert.Contains("settlement", rules);
    }

    [Fact]
    public void A_settlement_that_waived_the_penalty_is_caught()
    {
        var journal = Edited(e => e is PositionSettled { Keeps: true } s
            ? s with { Settlement = s.Settlement with { Penalty = 0m, ToInsurance = 0m, Payout = s.Settlement.Payout + s.Settlement.Penalty } }
            : e);

        Assert.Contains(Audit(journal), v => v.Rule == "settlement");
    }

    [Fact]
    public void A_deleverage_of_a_position_already_closing_is_caught()
    {
        // The deleverage's own settlement request moved ahead of it: the position was closing when it was recorded.
        var journal = Deleveraged();
        var started = journal.FindIndex(e => e.Event is EarlyDeleverageStarted);
        (journal[started], journal[started + 1]) = (journal[started + 1], journal[started]);

        Assert.Contains(Audit(journal), v => v.Rule == EarlyDeleverageRule.Rule && v.Expected.Contains("closing"));
    }
}
