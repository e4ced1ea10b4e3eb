using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Serialization;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Tests.Audit;

/// <summary>The audit reproduces what the node reported, and catches a journal that was tampered with.</summary>
public class AuditSpecs(AuditJournal journal) : IClassFixture<AuditJournal>
{
    private static string Json(object value) => System.Text.Json.JsonSerializer.Serialize(value, value.GetType(), LeverageJson.Options);

    [Fact]
    public void Replaying_the_journal_gives_exactly_the_states_the_actors_reported()
    {
        var ledger = journal.Replay();

        Assert.Empty(ledger.Violations);
        foreach (var live in journal.LiveViews)
        {
            object replayed = live switch
            {
                AccountBalanceResponse a => ledger.Accounts[a.AccountId].View(),
                PositionView p => ledger.Positions[p.PositionId].View(null, null),
                _ => throw new InvalidOperationException(),
            };
            Assert.Equal(Json(live), Json(replayed));
        }

        var totals = ledger.Totals();
        Assert.Equal(1, totals.Liquidations);
        Assert.True(ledger.Liquidations.Single().Justified);
        Assert.Equal(1_020_000m, totals.Deposits);
        Assert.Equal(500m, totals.Withdrawals);
    }

    [Fact]
    public void An_edited_amount_is_caught_naming_the_entity_and_the_event()
    {
        var copy = journal.Copy();
        using (var db = new SqliteConnection($"Data Source={copy}"))
        {
            db.Open();
            using var edit = db.CreateCommand();
            // The short trader's payout, credited to account A, inflated by one unit.
            edit.CommandText = """
                UPDATE journal SET message = CAST(replace(CAST(message AS TEXT), '"amount":', '"amount":1') AS BLOB)
                WHERE ordering = (SELECT MIN(ordering) FROM journal WHERE persistence_id = 'account-A' AND manifest = 'ACP')
                """;
            Assert.Equal(1, edit.ExecuteNonQuery());
        }

        var ledger = Replay(copy);

        var violation = Assert.Single(ledger.Violations, v => v.Rule == "transfer");
        Assert.Equal("account-A", violation.Entity);
        Assert.Equal(SequenceOf(copy, "account-A", "ACP"), violation.Sequence);
        Assert.Contains(ledger.Violations, v => v.Rule == "books");
    }

    [Fact]
    public void A_deleted_row_is_caught()
    {
        var copy = journal.Copy();
        Execute(copy, "DELETE FROM journal WHERE persistence_id = 'account-B' AND sequence_number = 3");

        var ledger = Replay(copy);

        var violation = Assert.Single(ledger.Violations, v => v.Rule == "sequence");
        Assert.Equal("account-B", violation.Entity);
        Assert.Equal(4, violation.Sequence);
    }

    [Fact]
    public void Reordered_sequence_numbers_are_caught()
    {
        var copy = journal.Copy();
        Execute(copy, "UPDATE journal SET sequence_number = -2 WHERE persistence_id = 'pool-ETH-USD' AND sequence_number = 2");
        Execute(copy, "UPDATE journal SET sequence_number = 2 WHERE persistence_id = 'pool-ETH-USD' AND sequence_number = 3");
        Execute(copy, "UPDATE journal SET sequence_number = 3 WHERE persistence_id = 'pool-ETH-USD' AND sequence_number = -2");

        var ledger = Replay(copy);

        Assert.Contains(ledger.Violations, v => v is { Rule: "sequence", Entity: "pool-ETH-USD", Sequence: 3 });
    }

    [Fact]
    public void As_of_a_time_shows_the_state_then()
    {
        var ledger = new AuditLedger(MarketCatalog.Default);
        foreach (var row in new SqliteJournalSource(journal.Path).Rows())
            ledger.Read(row, asOf: journal.MidStory);

        Assert.Equal(PositionStatus.Open, ledger.Positions[journal.Liquidated].Status);
        Assert.Equal(9_000m, ledger.Accounts[AccountId.From("B")].FreeBalance);
    }

    private static AuditLedger Replay(string path)
    {
        var ledger = new AuditLedger(MarketCatalog.Default);
        foreach (var row in new SqliteJournalSource(path).Rows())
            ledger.Read(row);
        ledger.Finish();
        return ledger;
    }

    private static long SequenceOf(string path, string persistenceId, string manifest)
    {
        using var db = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        db.Open();
        using var query = db.CreateCommand();
        query.CommandText = $"SELECT MIN(sequence_number) FROM journal WHERE persistence_id = '{persistenceId}' AND manifest = '{manifest}'";
        return (long)query.ExecuteScalar()!;
    }

    private static void Execute(string path, string sql)
    {
        using var db = new SqliteConnection($"Data Source={path}");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        Assert.True(command.ExecuteNonQuery() > 0, "the tampering changed a row");
    }
}
