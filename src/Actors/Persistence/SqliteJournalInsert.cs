using LeverageActors.Messages.Serialization;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Actors.Persistence;

/// <summary>Offline journal rows into a SQLite file, in transactions of 1,000, the table created when missing (<see cref="SqliteDatabase.Prepare"/>).</summary>
internal static class SqliteJournalInsert
{
    public static void Write(string connectionString, IEnumerable<EncodedEvent> rows)
    {
        var unpooled = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        SqliteDatabase.Prepare(unpooled);
        using var db = new SqliteConnection(unpooled);
        db.Open();
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
