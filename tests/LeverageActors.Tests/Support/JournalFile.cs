using LeverageActors.Messages;
using LeverageActors.Messages.Serialization;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Tests.Support;

/// <summary>Writes events straight into a journal table of the plugin's schema: large journals in seconds.</summary>
public static class JournalFile
{
    public static void Write(string path, IEnumerable<(string PersistenceId, ILeverageEvent Event)> events)
    {
        using var db = new SqliteConnection($"Data Source={path}");
        db.Open();
        using (var create = db.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE journal (
                  ordering INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, created INTEGER NOT NULL, deleted Bit NOT NULL,
                  persistence_id NVarChar(255) NOT NULL, sequence_number INTEGER NOT NULL, message VarBinary NOT NULL,
                  tags NVarChar(100) NULL, manifest NVarChar(500) NULL, identifier INTEGER NULL, writer_uuid NVarChar(128) NULL);
                CREATE UNIQUE INDEX journal_pid_seq ON journal (persistence_id, sequence_number);
                """;
            create.ExecuteNonQuery();
        }

        using var transaction = db.BeginTransaction();
        using var insert = db.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier) VALUES (0, 0, $p, $s, $m, $f, $i)";
        var pid = insert.Parameters.Add("$p", SqliteType.Text);
        var seq = insert.Parameters.Add("$s", SqliteType.Integer);
        var message = insert.Parameters.Add("$m", SqliteType.Blob);
        var manifest = insert.Parameters.Add("$f", SqliteType.Text);
        insert.Parameters.AddWithValue("$i", LeverageSerializer.Id);
        var sequences = new Dictionary<string, long>();
        foreach (var (persistenceId, evt) in events)
        {
            pid.Value = persistenceId;
            seq.Value = sequences[persistenceId] = sequences.GetValueOrDefault(persistenceId) + 1;
            message.Value = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(evt, evt.GetType(), LeverageJson.Options);
            manifest.Value = MessageManifests.ByType[evt.GetType()];
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
