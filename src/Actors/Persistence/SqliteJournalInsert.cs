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
        using var insert = new SqlitePreparedInsert(db);
        foreach (var batch in rows.Chunk(1000))
            insert.InOneTransaction(batch.Select(r =>
                new StoredEvent(r.PersistenceId, r.SequenceNr, r.Payload, r.Tags, r.Manifest, LeverageSerializer.Id, 0, "")));
    }
}
