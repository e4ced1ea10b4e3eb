using Akka.Persistence;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// An entity's recovery straight from the SQLite journal: its highest sequence number, then its
/// events in order, each one statement on a pooled connection (a statement reads one consistent
/// snapshot of a WAL database and takes no write lock).
/// </summary>
internal sealed class SqliteJournalReader(string connectionString, StoredEventCodec codec)
{
    public long HighestSequenceNr(string persistenceId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(sequence_number) FROM journal WHERE persistence_id = $pid";
        command.Parameters.AddWithValue("$pid", persistenceId);
        return command.ExecuteScalar() is long highest ? highest : 0;
    }

    public void Replay(string persistenceId, long from, long to, long max, Action<IPersistentRepresentation> callback)
    {
        if (max <= 0)
            return;
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT sequence_number, message, tags, manifest, identifier, created, writer_uuid, deleted FROM journal " +
            "WHERE persistence_id = $pid AND sequence_number >= $from AND sequence_number <= $to ORDER BY sequence_number LIMIT $max";
        command.Parameters.AddWithValue("$pid", persistenceId);
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        command.Parameters.AddWithValue("$max", max);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var row = new StoredEvent(
                persistenceId,
                reader.GetInt64(0),
                (byte[])reader.GetValue(1),
                reader.IsDBNull(2) ? "" : reader.GetString(2),
                reader.IsDBNull(3) ? "" : reader.GetString(3),
                reader.GetInt32(4),
                reader.GetInt64(5),
                reader.IsDBNull(6) ? "" : reader.GetString(6));
            callback(codec.Decode(row, deleted: reader.GetBoolean(7)));
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }
}
