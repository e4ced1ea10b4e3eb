using Npgsql;

namespace LeverageActors.Actors.Persistence;

/// <summary>Prepares the PostgreSQL database a node journals into.</summary>
public static class PostgresDatabase
{
    /// <summary>user@host:port/database: where the journal is, never the password.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var user = string.IsNullOrEmpty(builder.Username) ? "" : builder.Username + "@";
        return $"PostgreSQL {user}{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
    }

    /// <summary>
    /// Creates the journal's and snapshot store's tables when missing (the database itself must
    /// exist). Once they exist the node's role needs no right to create anything.
    /// </summary>
    public static void Prepare(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using (var wait = new NpgsqlCommand(PostgresJournalSchema.Lock, connection, transaction))
            wait.ExecuteNonQuery();
        using (var check = new NpgsqlCommand(PostgresJournalSchema.TablesExist, connection, transaction))
            if (check.ExecuteScalar() is true)
                return;
        using var create = new NpgsqlCommand(PostgresJournalSchema.Create, connection, transaction);
        create.ExecuteNonQuery();
        transaction.Commit();
    }
}
