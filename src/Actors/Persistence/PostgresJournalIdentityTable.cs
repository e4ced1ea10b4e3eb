using Npgsql;

namespace LeverageActors.Actors.Persistence;

/// <summary>The journal identity row in a PostgreSQL journal database (its table is created with the journal's).</summary>
public sealed class PostgresJournalIdentityTable(string connectionString) : IJournalIdentityTable
{
    public string ReadOrCreate(string candidate, DateTimeOffset now)
    {
        PostgresDatabase.Prepare(connectionString);
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        // Nodes starting together on a fresh database: the first insert wins, every node reads it.
        using var command = new NpgsqlCommand(
            """
            INSERT INTO journal_identity (only_row, journal_id, created_at) VALUES (1, @id, @at) ON CONFLICT (only_row) DO NOTHING;
            SELECT journal_id FROM journal_identity WHERE only_row = 1;
            """, connection);
        command.Parameters.AddWithValue("id", candidate);
        command.Parameters.AddWithValue("at", now.ToString("O"));
        return (string)command.ExecuteScalar()!;
    }
}
