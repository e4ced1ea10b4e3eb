using LeverageActors.Messages.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace LeverageActors.Actors.Persistence;

/// <summary>Offline journal rows into a PostgreSQL database with one binary COPY, the tables created when missing.</summary>
internal static class PostgresJournalCopy
{
    public static void Write(string connectionString, IEnumerable<EncodedEvent> rows)
    {
        PostgresDatabase.Prepare(connectionString);
        using var db = new NpgsqlConnection(connectionString);
        db.Open();
        using var copy = db.BeginBinaryImport(
            "COPY journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            copy.StartRow();
            copy.Write(0L, NpgsqlDbType.Bigint);
            copy.Write(false, NpgsqlDbType.Boolean);
            copy.Write(row.PersistenceId, NpgsqlDbType.Text);
            copy.Write(row.SequenceNr, NpgsqlDbType.Bigint);
            copy.Write(row.Payload, NpgsqlDbType.Bytea);
            copy.Write(row.Tags, NpgsqlDbType.Text);
            copy.Write(row.Manifest, NpgsqlDbType.Text);
            copy.Write(LeverageSerializer.Id, NpgsqlDbType.Integer);
        }

        copy.Complete();
    }
}
