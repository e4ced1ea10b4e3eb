using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// Can the journal's table be reached right now: a fresh connection and one query. Asked by pages
/// anyone may load (<c>/health</c>, <c>/health/ready</c>, <c>/cluster/metrics</c>): each kind of probe
/// runs once at a time per database (<see cref="OneLookAtATime{T}"/>), so a flood of requests cannot
/// open a connection each and use up the server's connections the journal needs.
/// </summary>
public static class JournalProbe
{
    /// <summary>How long a probe may take to connect, and then to query: shared by every caller, it must end whatever the connection string says.</summary>
    private const int ProbeSeconds = 5;

    private static readonly ConcurrentDictionary<JournalDatabase, OneLookAtATime<string?>> Problems = new();
    private static readonly ConcurrentDictionary<JournalDatabase, OneLookAtATime<long?>> Orderings = new();

    /// <returns>Null when the journal answered; otherwise what went wrong, in the driver's words.</returns>
    public static Task<string?> ProblemAsync(JournalDatabase database, CancellationToken token) =>
        Problems.GetOrAdd(database, d => new OneLookAtATime<string?>(() => Problem(d))).Next(token);

    /// <summary>
    /// The journal's highest ordering, which it never reuses nor deletes: how many events it has
    /// recorded, read from the primary key without counting rows. Null when the journal does not answer.
    /// </summary>
    public static Task<long?> HighestOrderingAsync(JournalDatabase database, CancellationToken token) =>
        Orderings.GetOrAdd(database, d => new OneLookAtATime<long?>(() => HighestOrdering(d))).Next(token);

    private static async Task<string?> Problem(JournalDatabase database)
    {
        try
        {
            await using var connection = Open(database);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandTimeout = ProbeSeconds;
            command.CommandText = database.Provider == JournalProvider.Postgres
                ? "SELECT 1 FROM journal LIMIT 1"
                : "SELECT COUNT(*) FROM sqlite_master";
            await command.ExecuteScalarAsync();
            return null;
        }
        catch (DbException e)
        {
            return e.Message;
        }
    }

    private static async Task<long?> HighestOrdering(JournalDatabase database)
    {
        try
        {
            await using var connection = Open(database);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandTimeout = ProbeSeconds;
            command.CommandText = "SELECT COALESCE(MAX(ordering), 0) FROM journal";
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
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
            return new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, Timeout = ProbeSeconds }.ToString());

        // Never create a journal that has gone missing: that is exactly what health must report.
        var builder = new SqliteConnectionStringBuilder(SqliteDatabase.ExistingOnly(database.ConnectionString));
        // A pooled connection would still reach a deleted file; health must look afresh.
        builder.Pooling = false;
        return new SqliteConnection(builder.ToString());
    }
}
