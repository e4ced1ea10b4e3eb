using LeverageActors.Actors.Persistence;
using Npgsql;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// Reads a node's PostgreSQL journal in one read-only transaction: a consistent snapshot even
/// while nodes go on writing, and no statement of the audit can change a row.
/// </summary>
public sealed class PostgresJournalSource(string connectionString) : IJournalSource
{
    public string Description => PostgresDatabase.Describe(connectionString);

    public string ConnectionString => connectionString;

    public long Count()
    {
        using var connection = Open();
        using var command = new NpgsqlCommand("SELECT COUNT(*) FROM journal", connection);
        return (long)command.ExecuteScalar()!;
    }

    public IEnumerable<JournalRow> Rows(long after = 0)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
            readOnly.ExecuteNonQuery();
        using var command = new NpgsqlCommand(
            "SELECT ordering, persistence_id, sequence_number, manifest, identifier, deleted, message, tags FROM journal WHERE ordering > @after ORDER BY ordering",
            connection, transaction);
        command.Parameters.AddWithValue("after", after);
        using var reader = command.ExecuteReader();
        while (reader.Read())
            yield return new JournalRow(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4),
                !reader.IsDBNull(5) && reader.GetBoolean(5),
                reader.GetFieldValue<byte[]>(6),
                reader.IsDBNull(7) ? null : reader.GetString(7));
    }

    private NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        return connection;
    }
}
