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
    /// exist), refuses a journal whose orderings are not drawn in order, creates the table of the
    /// cluster's live members (<see cref="PostgresClusterMemberTable"/>) and the journal's
    /// tag index when missing (<see cref="PostgresTagIndex"/>). Once they exist the node's role needs
    /// no right to create anything; a role that may not create the index starts without it.
    /// </summary>
    public static void Prepare(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        // Another node may hold it while it indexes a long journal's tags, once (PostgresTagIndex).
        using (var wait = new NpgsqlCommand(PostgresJournalSchema.Lock, connection, transaction) { CommandTimeout = 600 })
            wait.ExecuteNonQuery();
        using (var check = new NpgsqlCommand(PostgresJournalSchema.TablesExist, connection, transaction))
            if (check.ExecuteScalar() is not true)
                using (var create = new NpgsqlCommand(PostgresJournalSchema.Create, connection, transaction))
                    create.ExecuteNonQuery();
        using (var ordered = new NpgsqlCommand(PostgresJournalSchema.OrderingsDrawnInOrder, connection, transaction))
            if (ordered.ExecuteScalar() is not true)
                throw new InvalidOperationException(
                    "the journal's ordering column must draw its values from an identity (or serial) sequence with CACHE 1 and a positive " +
                    "increment, one at a time in order: the node's followers rely on it to wait for writes in flight (ALTER TABLE journal " +
                    "ALTER COLUMN ordering SET CACHE 1)");
        using (var keyed = new NpgsqlCommand(PostgresJournalSchema.UniqueKeyHeld, connection, transaction))
            if (keyed.ExecuteScalar() is not true)
                throw JournalUniqueKey.Missing("CREATE UNIQUE INDEX CONCURRENTLY journal_uq ON journal (persistence_id, sequence_number)");
        PostgresClusterMemberTable.Ensure(connection, transaction);
        PostgresTagIndex.Ensure(connection, transaction);
        transaction.Commit();
    }
}
