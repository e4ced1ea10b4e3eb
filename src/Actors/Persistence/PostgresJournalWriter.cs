using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// The journal's writes into PostgreSQL, on one connection and one thread, in statements shared by
/// many entities' writes (<see cref="GroupCommit"/>): up to <c>copyAbove</c> rows one prepared
/// insert of arrays (one round trip, one plan for any number of rows), above it binary COPY
/// (<see cref="PostgresJournalCopy"/>). Either is one statement, so its own transaction: all the
/// rows or none, without a round trip for BEGIN and COMMIT. Other nodes write the same table at
/// the same time; the unique key on (persistence_id, sequence_number) lets only one incarnation of
/// an entity take a sequence number. The plugin's path built a linq2db connection, mapping schema
/// and SQL text per batch and per recovery (docs/BENCHMARKS.md).
/// <para>
/// A statement runs for at most <c>statementLimit</c> (the server cancels it): the followers of
/// every node wait for a write in flight up to <c>leverage.journal.gap-limit</c> and then pass its
/// orderings, so a write of ours that committed later than that would land below them and never
/// reach a risk index. Half the gap limit leaves the other half to a server that is merely slow to
/// show the commit. A cancelled write fails as any failed write does (its entities stop and recover).
/// </para>
/// </summary>
public sealed class PostgresJournalWriter : IJournalRowWriter
{
    // WITH ORDINALITY ... ORDER BY: the rows take their orderings in the order given, so an
    // entity's events stay in sequence order for the read journal.
    private const string Insert =
        "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier, writer_uuid) " +
        "SELECT r.created, false, r.pid, r.seq, r.message, r.tags, r.manifest, r.identifier, r.writer " +
        "FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bytea[], $5::text[], $6::text[], $7::integer[], $8::text[]) " +
        "WITH ORDINALITY AS r(created, pid, seq, message, tags, manifest, identifier, writer, n) ORDER BY r.n";

    private readonly string _connectionString;
    private readonly int _copyAbove;
    private readonly GroupCommit _commits;
    private readonly TimeSpan? _statementLimit;
    private NpgsqlConnection? _connection;
    private NpgsqlCommand? _insert;

    /// <param name="copyAbove">Above this many rows in a statement, binary COPY, cheaper per row; below it COPY's own round trips cost more.</param>
    /// <param name="statementLimit">The longest a statement may run before the server cancels it; none when null.</param>
    public PostgresJournalWriter(string connectionString, int copyAbove, TimeSpan? statementLimit = null)
    {
        _connectionString = connectionString;
        _statementLimit = statementLimit;
        _copyAbove = copyAbove;
        _commits = new GroupCommit(InOneStatement);
    }

    /// <summary>One atomic write: all its rows commit together or none does.</summary>
    public Task Write(IReadOnlyList<StoredEvent> rows) => _commits.Write(rows);

    private void InOneStatement(IReadOnlyList<StoredEvent> rows)
    {
        var connection = Connection();
        if (rows.Count > _copyAbove)
        {
            PostgresJournalCopy.Copy(connection, rows);
            return;
        }

        var insert = _insert!;
        insert.Parameters[0].Value = rows.Select(r => r.Created).ToArray();
        insert.Parameters[1].Value = rows.Select(r => r.PersistenceId).ToArray();
        insert.Parameters[2].Value = rows.Select(r => r.SequenceNr).ToArray();
        insert.Parameters[3].Value = rows.Select(r => r.Message).ToArray();
        insert.Parameters[4].Value = rows.Select(r => r.Tags).ToArray();
        insert.Parameters[5].Value = rows.Select(r => r.Manifest).ToArray();
        insert.Parameters[6].Value = rows.Select(r => r.Identifier).ToArray();
        insert.Parameters[7].Value = rows.Select(r => r.WriterUuid).ToArray();
        insert.ExecuteNonQuery();
    }

    /// <summary>The writer's connection, opened again (and the insert prepared again) after the server dropped it.</summary>
    private NpgsqlConnection Connection()
    {
        // Prepared or not at all: a preparation cancelled (its statement timed out behind a lock) is made again.
        if (_connection is { State: ConnectionState.Open } && _insert is not null)
            return _connection;
        _insert?.Dispose();
        _insert = null;
        _connection?.Dispose();
        _connection = new NpgsqlConnection(_connectionString);
        _connection.Open();
        // For the session the writer keeps; a connection given back to the pool is reset for its next user.
        if (_statementLimit is { } limit)
            using (var timeout = new NpgsqlCommand($"SET statement_timeout = {(long)Math.Ceiling(limit.TotalMilliseconds)}", _connection))
                timeout.ExecuteNonQuery();
        var insert = new NpgsqlCommand(Insert, _connection);
        foreach (var type in (NpgsqlDbType[])
                 [NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Bytea, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Integer, NpgsqlDbType.Text])
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | type });
        insert.Prepare();
        _insert = insert;
        return _connection;
    }

    public void Dispose()
    {
        _commits.Dispose();
        _insert?.Dispose();
        _connection?.Dispose();
    }
}
