using LeverageActors.Messages.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace LeverageActors.Actors.Persistence;

/// <summary>Journal rows into a PostgreSQL database with one binary COPY: offline, and the node's larger batches.</summary>
internal static class PostgresJournalCopy
{
    /// <summary>Offline rows, the tables created when missing; they carry no creation time and no writer.</summary>
    public static void Write(string connectionString, IEnumerable<EncodedEvent> rows)
    {
        PostgresDatabase.Prepare(connectionString);
        using var db = new NpgsqlConnection(connectionString);
        db.Open();
        Copy(db, rows.Select(r => new StoredEvent(r.PersistenceId, r.SequenceNr, r.Payload, r.Tags, r.Manifest, LeverageSerializer.Id, 0, "")));
    }

    /// <summary>The rows on an open connection, inside its transaction if it has one. An empty writer id is stored as NULL.</summary>
    public static void Copy(NpgsqlConnection db, IEnumerable<StoredEvent> rows)
    {
        using var copy = db.BeginBinaryImport(
            "COPY journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier, writer_uuid) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            copy.StartRow();
            copy.Write(row.Created, NpgsqlDbType.Bigint);
            copy.Write(false, NpgsqlDbType.Boolean);
            copy.Write(row.PersistenceId, NpgsqlDbType.Text);
            copy.Write(row.SequenceNr, NpgsqlDbType.Bigint);
            copy.Write(row.Message, NpgsqlDbType.Bytea);
            copy.Write(row.Tags, NpgsqlDbType.Text);
            copy.Write(row.Manifest, NpgsqlDbType.Text);
            copy.Write(row.Identifier, NpgsqlDbType.Integer);
            if (row.WriterUuid.Length == 0)
                copy.WriteNull();
            else
                copy.Write(row.WriterUuid, NpgsqlDbType.Text);
        }

        copy.Complete();
    }
}
