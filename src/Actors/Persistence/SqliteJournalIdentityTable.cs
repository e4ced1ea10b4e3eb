using Microsoft.Data.Sqlite;

namespace LeverageActors.Actors.Persistence;

/// <summary>The journal identity row in a SQLite journal file.</summary>
public sealed class SqliteJournalIdentityTable(string connectionString) : IJournalIdentityTable
{
    public const string Table = "journal_identity";

    public string ReadOrCreate(string candidate, DateTimeOffset now)
    {
        // The first thing a node reads from its journal: the file may not exist yet.
        SqliteDatabase.Prepare(connectionString);
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        // IMMEDIATE: a second process starting on the same fresh file waits (busy timeout) for the
        // first to commit its row, then reads it; its own candidate is ignored.
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            CREATE TABLE IF NOT EXISTS {Table} (
              only_row INTEGER NOT NULL PRIMARY KEY CHECK (only_row = 1),
              journal_id TEXT NOT NULL,
              created_at TEXT NOT NULL);
            INSERT OR IGNORE INTO {Table} (only_row, journal_id, created_at) VALUES (1, $id, $at);
            SELECT journal_id FROM {Table} WHERE only_row = 1;
            """;
        command.Parameters.AddWithValue("$id", candidate);
        command.Parameters.AddWithValue("$at", now.ToString("O"));
        var stored = (string)command.ExecuteScalar()!;
        transaction.Commit();
        return stored;
    }
}
