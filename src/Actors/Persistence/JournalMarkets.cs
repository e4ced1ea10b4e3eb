using Microsoft.Data.Sqlite;
using Npgsql;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// The markets a journal has been traded in, kept beside it (table <c>journal_markets</c>): a node
/// records the markets it is configured with at its start, and finds those whose pool ever took
/// liquidity in the journal but that it is not configured with. Such a market's positions would have
/// no risk index and no liquidator, and its LPs no endpoint: a <c>Markets</c> section naming one
/// market drops the three default ones, so one override in the README's own form did that. A pool
/// that never took liquidity held no position (a breaker's halt or a refused request opens one).
/// The default markets are looked for even when unrecorded, for journals begun before the table.
/// </summary>
public static class JournalMarkets
{
    public const string Table = "journal_markets";

    private static readonly string SqliteCreate = $"CREATE TABLE IF NOT EXISTS {Table} (market TEXT NOT NULL PRIMARY KEY) WITHOUT ROWID;";

    private static readonly string PostgresCreate = $"""
        CREATE TABLE {Table} (market text NOT NULL PRIMARY KEY);
        """ + PostgresJournalGrant.Following(Table, "SELECT, INSERT", "INSERT", toOwner: true);

    private static readonly string PostgresMissing =
        $"SELECT to_regclass('{Table}') IS NULL AND has_schema_privilege(current_schema(), 'CREATE')";

    /// <summary>
    /// Records <paramref name="configured"/> and returns the markets recorded before, or among
    /// <paramref name="candidates"/>, whose pool took liquidity in the journal but that are not configured.
    /// A PostgreSQL role that may not keep the table records nothing, and only the candidates are looked for.
    /// </summary>
    public static IReadOnlyList<string> Unconfigured(JournalDatabase database, IReadOnlyCollection<string> configured, IEnumerable<string> candidates) =>
        Check(database, configured, candidates).Unconfigured;

    /// <summary>The same, and whether the markets could be recorded (a PostgreSQL role without the rights to keep the table cannot).</summary>
    public static (IReadOnlyList<string> Unconfigured, bool Recorded) Check(
        JournalDatabase database, IReadOnlyCollection<string> configured, IEnumerable<string> candidates) =>
        database.Provider == JournalProvider.Postgres
            ? OnPostgres(database.ConnectionString, configured, candidates)
            : OnSqlite(database.ConnectionString, configured, candidates);

    private static (IReadOnlyList<string>, bool) OnSqlite(string connectionString, IReadOnlyCollection<string> configured, IEnumerable<string> candidates)
    {
        SqliteDatabase.Prepare(connectionString);
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = SqliteCreate;
            create.ExecuteNonQuery();
        }

        var recorded = new List<string>();
        using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = $"SELECT market FROM {Table}";
            using var reader = read.ExecuteReader();
            while (reader.Read())
                recorded.Add(reader.GetString(0));
        }

        foreach (var market in configured)
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT OR IGNORE INTO {Table} (market) VALUES ($market)";
            insert.Parameters.AddWithValue("$market", market);
            insert.ExecuteNonQuery();
        }

        var missing = Candidates(recorded, configured, candidates).Where(market =>
        {
            using var pool = connection.CreateCommand();
            pool.Transaction = transaction;
            pool.CommandText = $"SELECT EXISTS (SELECT 1 FROM journal WHERE persistence_id = $pid AND manifest = '{LiquidityAddedManifest}')";
            pool.Parameters.AddWithValue("$pid", PoolStream(market));
            return Convert.ToInt64(pool.ExecuteScalar()) == 1;
        }).ToList();
        transaction.Commit();
        return (missing, true);
    }

    private static (IReadOnlyList<string>, bool) OnPostgres(string connectionString, IReadOnlyCollection<string> configured, IEnumerable<string> candidates)
    {
        PostgresDatabase.Prepare(connectionString);
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using (var wait = new NpgsqlCommand(PostgresJournalSchema.Lock, connection, transaction))
            wait.ExecuteNonQuery();
        using (var missingTable = new NpgsqlCommand(PostgresMissing, connection, transaction))
            if (missingTable.ExecuteScalar() is true)
                using (var create = new NpgsqlCommand(PostgresCreate, connection, transaction))
                    create.ExecuteNonQuery();

        var recorded = new List<string>();
        var keeps = false;
        using (var usable = new NpgsqlCommand(
                   $"SELECT COALESCE(has_table_privilege(to_regclass('{Table}'), 'SELECT') AND has_table_privilege(to_regclass('{Table}'), 'INSERT'), false)",
                   connection, transaction))
            if (usable.ExecuteScalar() is true)
            {
                keeps = true;
                using (var read = new NpgsqlCommand($"SELECT market FROM {Table}", connection, transaction))
                using (var reader = read.ExecuteReader())
                    while (reader.Read())
                        recorded.Add(reader.GetString(0));
                using var insert = new NpgsqlCommand($"INSERT INTO {Table} (market) SELECT unnest(@markets) ON CONFLICT DO NOTHING", connection, transaction);
                insert.Parameters.AddWithValue("markets", configured.ToArray());
                insert.ExecuteNonQuery();
            }

        var missing = Candidates(recorded, configured, candidates).Where(market =>
        {
            using var pool = new NpgsqlCommand(
                $"SELECT EXISTS (SELECT 1 FROM journal WHERE persistence_id = @pid AND manifest = '{LiquidityAddedManifest}')", connection, transaction);
            pool.Parameters.AddWithValue("pid", PoolStream(market));
            return pool.ExecuteScalar() is true;
        }).ToList();
        transaction.Commit();
        return (missing, keeps);
    }

    private static IEnumerable<string> Candidates(IEnumerable<string> recorded, IReadOnlyCollection<string> configured, IEnumerable<string> candidates) =>
        recorded.Concat(candidates).Distinct(StringComparer.Ordinal).Where(m => !configured.Contains(m)).Order(StringComparer.Ordinal);

    private static string PoolStream(string market) => Common.PersistenceIds.PoolPrefix + market;

    private static readonly string LiquidityAddedManifest = Messages.Serialization.MessageManifests.ByType[typeof(Messages.Pools.LiquidityAdded)];
}
