using Akka.Persistence;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// An entity's recovery straight from the SQLite journal: its highest sequence number, then its
/// events in order, each one statement on a pooled connection (a statement reads one consistent
/// snapshot of a WAL database and takes no write lock).
/// </summary>
internal sealed class SqliteJournalReader(string connectionString, StoredEventCodec codec) : IJournalRowReader
{
    // Microsoft.Data.Sqlite's async methods run synchronously: each query on the thread pool instead of the journal's thread.
    Task<long> IJournalRowReader.HighestSequenceNr(string persistenceId, CancellationToken cancellationToken) =>
        Task.Run(() => HighestSequenceNr(persistenceId), cancellationToken);

    Task IJournalRowReader.Replay(string persistenceId, long from, long to, long max, Action<IPersistentRepresentation> callback) =>
        Task.Run(() => Replay(persistenceId, from, to, max, callback));

    /// <summary>Nothing to release: each query opens a pooled connection of its own.</summary>
    public void Dispose()
    {
    }

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
            "SELECT " + StoredEventCodec.Columns + " FROM journal " +
            "WHERE persistence_id = $pid AND sequence_number >= $from AND sequence_number <= $to ORDER BY sequence_number LIMIT $max";
        command.Parameters.AddWithValue("$pid", persistenceId);
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        command.Parameters.AddWithValue("$max", max);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            callback(codec.Decode(reader, persistenceId));
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }
}
