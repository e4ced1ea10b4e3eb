using System.Data.Common;
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

    private static readonly string PostgresUsable =
        $"SELECT COALESCE(has_table_privilege(to_regclass('{Table}'), 'SELECT') AND has_table_privilege(to_regclass('{Table}'), 'INSERT'), false)";

    /// <summary>
    /// Records <paramref name="configured"/> and returns the markets recorded before, or among
    /// <paramref name="candidates"/>, whose pool took liquidity in the journal but that are not configured.
    /// A PostgreSQL role that may not keep the table records nothing, and only the candidates are looked for.
    /// </summary>
    public static IReadOnlyList<string> Unconfigured(JournalDatabase database, IReadOnlyCollection<string> configured, IEnumerable<string> candidates) =>
        Check(database, configured, candidates).Unconfigured;

    /// <summary>The same, and whether the markets could be recorded (a PostgreSQL role without the rights to keep the table cannot).</summary>
    public static (IReadOnlyList<string> Unconfigured, bool Recorded) Check(
        JournalDatabase database, IReadOnlyCollection<string> configured, IEnumerable<string> candidates)
    {
        var postgres = database.Provider == JournalProvider.Postgres;
        DbConnection connection;
        if (postgres)
        {
            PostgresDatabase.Prepare(database.ConnectionString);
            connection = new NpgsqlConnection(database.ConnectionString);
        }
        else
        {
            SqliteDatabase.Prepare(database.ConnectionString);
            connection = new SqliteConnection(database.ConnectionString);
        }

        using (connection)
        {
            connection.Open();
            // SQLite's IMMEDIATE, PostgreSQL's schema lock: nodes starting together record one after another.
            using var transaction = connection is SqliteConnection sqlite ? sqlite.BeginTransaction(deferred: false) : connection.BeginTransaction();
            object? Scalar(string sql, string? name = null, object? value = null)
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                if (name is not null)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = name;
                    parameter.Value = value;
                    command.Parameters.Add(parameter);
                }

                return command.ExecuteScalar();
            }

            if (postgres)
            {
                Scalar(PostgresJournalSchema.Lock);
                if (Scalar(PostgresMissing) is true)
                    Scalar(PostgresCreate);
            }
            else
            {
                Scalar(SqliteCreate);
            }

            var keeps = !postgres || Scalar(PostgresUsable) is true;
            var recorded = new List<string>();
            if (keeps)
            {
                using (var read = connection.CreateCommand())
                {
                    read.Transaction = transaction;
                    read.CommandText = $"SELECT market FROM {Table}";
                    using var reader = read.ExecuteReader();
                    while (reader.Read())
                        recorded.Add(reader.GetString(0));
                }

                foreach (var market in configured)
                    Scalar(postgres
                        ? $"INSERT INTO {Table} (market) VALUES (@market) ON CONFLICT DO NOTHING"
                        : $"INSERT OR IGNORE INTO {Table} (market) VALUES (@market)", "market", market);
            }

            var missing = Candidates(recorded, configured, candidates)
                .Where(market => Convert.ToBoolean(Scalar(
                    $"SELECT EXISTS (SELECT 1 FROM journal WHERE persistence_id = @pid AND manifest = '{LiquidityAddedManifest}')",
                    "pid", PoolStream(market)), System.Globalization.CultureInfo.InvariantCulture))
                .ToList();
            transaction.Commit();
            return (missing, keeps);
        }
    }

    private static IEnumerable<string> Candidates(IEnumerable<string> recorded, IReadOnlyCollection<string> configured, IEnumerable<string> candidates) =>
        recorded.Concat(candidates).Distinct(StringComparer.Ordinal).Where(m => !configured.Contains(m)).Order(StringComparer.Ordinal);

    private static string PoolStream(string market) => Common.PersistenceIds.PoolPrefix + market;

    private static readonly string LiquidityAddedManifest = Messages.Serialization.MessageManifests.ByType[typeof(Messages.Pools.LiquidityAdded)];
}
