using Npgsql;

namespace LeverageActors.Actors.Persistence;

/// <summary>The journal identity row in a PostgreSQL journal database (its table is created with the journal's).</summary>
public sealed class PostgresJournalIdentityTable(string connectionString) : IJournalIdentityTable
{
    private const string Read = "SELECT journal_id FROM journal_identity WHERE only_row = 1";

    public string ReadOrCreate(string candidate, DateTimeOffset now)
    {
        PostgresDatabase.Prepare(connectionString);
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        // Read first: once the id exists a node's role needs no right to insert it.
        using (var read = new NpgsqlCommand(Read, connection))
            if (read.ExecuteScalar() is string stored)
                return stored;
        // Nodes starting together on a fresh database: the first insert wins, every node reads it.
        using var create = new NpgsqlCommand(
            $"INSERT INTO journal_identity (only_row, journal_id, created_at) VALUES (1, @id, @at) ON CONFLICT (only_row) DO NOTHING; {Read}",
            connection);
        create.Parameters.AddWithValue("id", candidate);
        create.Parameters.AddWithValue("at", now.ToString("O"));
        return (string)create.ExecuteScalar()!;
    }
}
