using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LeverageActors.Actors.Persistence;

/// <summary>Can the journal's table be reached right now: a fresh connection and one query.</summary>
public static class JournalProbe
{
    /// <returns>Null when the journal answered; otherwise what went wrong, in the driver's words.</returns>
    public static async Task<string?> ProblemAsync(JournalDatabase database, CancellationToken token)
    {
        try
        {
            await using var connection = Open(database);
            await connection.OpenAsync(token);
            await using var command = connection.CreateCommand();
            command.CommandText = database.Provider == JournalProvider.Postgres
                ? "SELECT 1 FROM journal LIMIT 1"
                : "SELECT COUNT(*) FROM sqlite_master";
            await command.ExecuteScalarAsync(token);
            return null;
        }
        catch (DbException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// The journal's highest ordering, which it never reuses nor deletes: how many events it has
    /// recorded, read from the primary key without counting rows. Null when the journal does not answer.
    /// </summary>
    public static async Task<long?> HighestOrderingAsync(JournalDatabase database, CancellationToken token)
    {
        try
        {
            await using var connection = Open(database);
            await connection.OpenAsync(token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COALESCE(MAX(ordering), 0) FROM journal";
            return Convert.ToInt64(await command.ExecuteScalarAsync(token), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (DbException)
        {
            return null;
        }
    }

    private static DbConnection Open(JournalDatabase database)
    {
        if (database.Provider == JournalProvider.Postgres)
            // A pooled connection could outlive the server it was opened on; health must look afresh.
            return new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, Timeout = 5 }.ToString());

        // Never create a journal that has gone missing: that is exactly what health must report.
        var builder = new SqliteConnectionStringBuilder(SqliteDatabase.ExistingOnly(database.ConnectionString));
        // A pooled connection would still reach a deleted file; health must look afresh.
        builder.Pooling = false;
        return new SqliteConnection(builder.ToString());
    }
}
