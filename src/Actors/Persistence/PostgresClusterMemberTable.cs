using Npgsql;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// Creates PostgreSQL's <see cref="ClusterMemberTable"/> when missing and the node's role may:
/// a journal from before it gets it at the first start of its owner. Every role that may write the
/// journal may keep it, as each of that cluster's members does, its owner included (the node's role,
/// when it created the journal). A role that may not create it starts without it, and so does a
/// role created afterwards until it is granted the rights (the node warns: <see cref="Usable"/>).
/// </summary>
public static class PostgresClusterMemberTable
{
    private static readonly string Create = $"""
        CREATE TABLE {ClusterMemberTable.Name} (address text NOT NULL PRIMARY KEY, incarnation bigint NOT NULL, heard_at bigint NOT NULL);
        """ + PostgresJournalGrant.Following(ClusterMemberTable.Name, "SELECT, INSERT, UPDATE, DELETE", "INSERT", toOwner: true);

    /// <summary>Key of the transaction-level advisory lock that serializes claims to start the cluster (<see cref="ClusterMemberTable.Claim"/>).</summary>
    private const long ClaimKey = 0x4C41_436C_6169_6D00; // "LAClaim"

    /// <summary>
    /// Taken first in a claim's transaction: it needs no right on any table. A claimant stalled
    /// while holding it (a paused machine, a connection cut without a reset) is ended after 5 s
    /// idle, and a claim waits for it at most 10 s (then tries again), so no stalled node holds
    /// every start for as long as its server takes to notice.
    /// </summary>
    public static readonly string ClaimLock =
        $"SET LOCAL idle_in_transaction_session_timeout = '5s'; SET LOCAL lock_timeout = '10s'; SELECT pg_advisory_xact_lock({ClaimKey})";

    private static readonly string Missing =
        $"SELECT to_regclass('{ClusterMemberTable.Name}') IS NULL AND has_schema_privilege(current_schema(), 'CREATE')";

    /// <summary>Whether the connection's role may read and keep the table (it is missing on a journal whose owner has not started this version).</summary>
    public static bool Usable(NpgsqlConnection connection)
    {
        // One right at a time: given several, has_table_privilege asks for any of them.
        using var command = new NpgsqlCommand("SELECT COALESCE(" + string.Join(" AND ",
            new[] { "SELECT", "INSERT", "UPDATE", "DELETE" }.Select(right => $"has_table_privilege(to_regclass('{ClusterMemberTable.Name}'), '{right}')")) + ", false)",
            connection);
        return command.ExecuteScalar() is true;
    }

    /// <summary>In the preparation's transaction, which holds its advisory lock.</summary>
    public static void Ensure(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        using (var missing = new NpgsqlCommand(Missing, connection, transaction))
            if (missing.ExecuteScalar() is not true)
                return;
        using var create = new NpgsqlCommand(Create, connection, transaction);
        create.ExecuteNonQuery();
    }
}
