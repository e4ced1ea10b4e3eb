using LeverageActors.Messages.Serialization;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Actors.Persistence;

/// <summary>Offline journal rows into a SQLite file, in transactions of 1,000, the table created when missing.</summary>
internal static class SqliteJournalInsert
{
    public static void Write(string connectionString, IEnumerable<EncodedEvent> rows)
    {
        var unpooled = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        SqliteDatabase.Prepare(unpooled);
        using var db = new SqliteConnection(unpooled);
        db.Open();
        using (var create = db.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE IF NOT EXISTS journal (
                  ordering INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, created INTEGER NOT NULL, deleted Bit NOT NULL,
                  persistence_id NVarChar(255) NOT NULL, sequence_number INTEGER NOT NULL, message VarBinary NOT NULL,
                  tags NVarChar(100) NULL, manifest NVarChar(500) NULL, identifier INTEGER NULL, writer_uuid NVarChar(128) NULL);
                CREATE UNIQUE INDEX IF NOT EXISTS journal_pid_seq ON journal (persistence_id, sequence_number);
                """;
            create.ExecuteNonQuery();
        }

        foreach (var batch in rows.Chunk(1000))
        {
            using var transaction = db.BeginTransaction();
            using var insert = db.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier) " +
                                 "VALUES (0, 0, $p, $s, $m, $t, $f, $i)";
            var pid = insert.Parameters.Add("$p", SqliteType.Text);
            var seq = insert.Parameters.Add("$s", SqliteType.Integer);
            var message = insert.Parameters.Add("$m", SqliteType.Blob);
            var tags = insert.Parameters.Add("$t", SqliteType.Text);
            var manifest = insert.Parameters.Add("$f", SqliteType.Text);
            insert.Parameters.AddWithValue("$i", LeverageSerializer.Id);
            foreach (var row in batch)
            {
                pid.Value = row.PersistenceId;
                seq.Value = row.SequenceNr;
                message.Value = row.Payload;
                tags.Value = row.Tags;
                manifest.Value = row.Manifest;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }
}
