using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// The cluster member table in either engine's SQL: the statements differ only in how each reads
/// its clock. Every time is the database's, so members on machines whose clocks disagree still
/// compare their beats on one clock.
/// </summary>
/// <param name="serialize">The statement that makes claims wait for one another in their transaction, where taking it for writing does not.</param>
public sealed class ClusterMemberTable(Func<DbConnection> connect, string clock, string? serialize = null) : IClusterMemberTable
{
    public const string Name = "cluster_member";

    /// <summary>How long a row of a member that stopped without leaving (kill -9) is kept before a leaving member removes it.</summary>
    private static readonly TimeSpan KeptSilent = TimeSpan.FromDays(1);

    /// <summary>How far ahead of this read's clock a beat may be: one committed between the read of the clock and of the rows.</summary>
    private static readonly TimeSpan AheadAllowed = TimeSpan.FromSeconds(2);

    public static IClusterMemberTable For(JournalDatabase journal) => journal.Provider switch
    {
        JournalProvider.Postgres => new ClusterMemberTable(() => new NpgsqlConnection(journal.ConnectionString),
            "CAST(extract(epoch FROM clock_timestamp()) * 1000 AS bigint)", PostgresClusterMemberTable.ClaimLock),
        _ => new ClusterMemberTable(() => new SqliteConnection(SqliteDatabase.ExistingOnly(journal.ConnectionString)),
            "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"),
    };

    /// <summary>SQLite's table (PostgreSQL's is <see cref="PostgresClusterMemberTable"/>'s), created with the journal's.</summary>
    public const string SqliteTable =
        $"CREATE TABLE IF NOT EXISTS {Name} (address TEXT NOT NULL PRIMARY KEY, incarnation INTEGER NOT NULL, heard_at INTEGER NOT NULL);";

    private string Upsert => UpsertHeardAt(clock);

    private string UpsertHeardAt(string heardAt) => $"""
        INSERT INTO {Name} (address, incarnation, heard_at) VALUES (@address, @incarnation, {heardAt})
          ON CONFLICT (address) DO UPDATE SET incarnation = excluded.incarnation, heard_at = excluded.heard_at
        """;

    public void Beat(string address, long incarnation) => Execute(Upsert, address, incarnation);

    /// <summary>
    /// Never over a row of the same incarnation: a claim to start the cluster (or a beat) committed
    /// before a slow entry must stay live, or a second node could claim the journal meanwhile.
    /// </summary>
    public void Enter(string address, long incarnation, TimeSpan silentFor) =>
        Execute(UpsertHeardAt($"{clock} - {silentFor.TotalMilliseconds:0}") + $" WHERE {Name}.incarnation <> excluded.incarnation", address, incarnation);

    public bool Holds(string address, long incarnation)
    {
        using var connection = connect();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {Name} WHERE address = @address AND incarnation = @incarnation";
        Add(command, "address", address);
        Add(command, "incarnation", incarnation);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>
    /// In one transaction: SQLite's begins by taking the database's write lock; PostgreSQL's takes
    /// an advisory lock first (<see cref="PostgresClusterMemberTable.ClaimLock"/>), since its rows
    /// written meanwhile would not stop a check made before them.
    /// </summary>
    public bool Claim(string address, long incarnation, TimeSpan within)
    {
        using var connection = connect();
        connection.Open();
        // PostgreSQL's read committed: each statement sees what committed before it, the row of the claim that held the lock included.
        using var transaction = connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false)
            : connection.BeginTransaction(System.Data.IsolationLevel.ReadCommitted);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        if (serialize is not null)
        {
            command.CommandText = serialize;
            command.ExecuteNonQuery();
        }

        HeardSince(command, address, Now(command), within);
        command.CommandText = "SELECT COUNT(*) " + Heard;
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0)
            return false;
        command.CommandText = Upsert;
        Add(command, "incarnation", incarnation);
        command.ExecuteNonQuery();
        transaction.Commit();
        return true;
    }

    /// <summary>Also the rows of members killed long ago (their addresses may never come back: a node on a free port).</summary>
    public void Forget(string address, long incarnation) => Execute(
        $"""
        DELETE FROM {Name} WHERE address = @address AND incarnation = @incarnation;
        DELETE FROM {Name} WHERE heard_at < {clock} - {KeptSilent.TotalMilliseconds:0};
        """, address, incarnation);

    public HeardMembers HeardWithin(TimeSpan within, string self)
    {
        using var connection = connect();
        connection.Open();
        using var command = connection.CreateCommand();
        var now = Now(command);
        HeardSince(command, self, now, within);
        command.CommandText = $"SELECT address, heard_at {Heard} ORDER BY heard_at DESC";
        var members = new List<HeardMember>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            members.Add(new HeardMember(reader.GetString(0), reader.GetInt64(1)));
        return new HeardMembers(now, members);
    }

    /// <summary>
    /// The rows of the members other than @address heard from after @since, what a read reports and
    /// a claim is refused for; not one dated after @until, ahead of the clock that wrote it (a hand, or
    /// the clock stepped back): it would seem live for ever.
    /// </summary>
    private const string Heard = $"FROM {Name} WHERE address <> @address AND heard_at > @since AND heard_at <= @until";

    private long Now(DbCommand command)
    {
        command.CommandText = $"SELECT {clock}";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Binds <see cref="Heard"/>'s parameters: the members but <paramref name="self"/> heard within <paramref name="within"/> of <paramref name="now"/>.</summary>
    private static void HeardSince(DbCommand command, string self, long now, TimeSpan within)
    {
        Add(command, "address", self);
        Add(command, "since", now - (long)within.TotalMilliseconds);
        Add(command, "until", now + (long)AheadAllowed.TotalMilliseconds);
    }

    public bool Unusable(Exception failure) => failure.GetBaseException() switch
    {
        PostgresException e => e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.UndefinedTable,
        SqliteException e => e.SqliteErrorCode == 1 && e.Message.Contains("no such table", StringComparison.Ordinal),
        _ => false,
    };

    private void Execute(string sql, string address, long incarnation)
    {
        using var connection = connect();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Add(command, "address", address);
        Add(command, "incarnation", incarnation);
        command.ExecuteNonQuery();
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
