using Microsoft.Data.Sqlite;

namespace LeverageActors.Actors.Audit;

/// <summary>Reads a node's SQLite journal file, opened read-only.</summary>
public sealed class SqliteJournalSource(string path) : IJournalSource
{
    public string Path { get; } = path;

    public string Description => Path;

    public long Count()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM journal";
        return (long)command.ExecuteScalar()!;
    }

    public IEnumerable<JournalRow> Rows(long after = 0)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT ordering, persistence_id, sequence_number, manifest, identifier, deleted, message, tags FROM journal WHERE ordering > $after ORDER BY ordering";
        command.Parameters.AddWithValue("$after", after);
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

    private SqliteConnection Open()
    {
        if (!File.Exists(Path))
            throw new FileNotFoundException($"No journal at {Path}", Path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }
}
