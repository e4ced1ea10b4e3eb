using Microsoft.Data.Sqlite;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// The journal's writes into SQLite, on one connection and one thread, with one prepared insert,
/// in transactions shared by many entities' writes (<see cref="GroupCommit"/>). The plugin's path
/// built a linq2db connection, mapping schema and SQL text per batch and per row: most of the CPU
/// and almost half the allocations of an open (docs/BENCHMARKS.md).
/// </summary>
public sealed class SqliteJournalWriter : IJournalRowWriter
{
    /// <summary>
    /// <c>synchronous=NORMAL</c>: consistent after any crash; a process crash loses nothing, a power
    /// loss what was committed since the last checkpoint (DESIGN §3). A page cache of 128 MiB: rows go
    /// in by ordering, but the unique index on (persistence id, sequence number) takes them at random
    /// places (ids are random), and with SQLite's 2 MiB default nearly every row read an index page
    /// back from the file first. A checkpoint every 10,000 WAL pages (~40 MiB) instead of 1,000: each
    /// copies the changed pages into the file and syncs both, on this connection between two commits,
    /// and at 2,000 opens a second the default ran one every ~30 ms (so a power loss now reaches back
    /// ~40 MiB of pages instead of ~4). Measured together: docs/BENCHMARKS.md, "The journal writer's
    /// page cache and checkpoints".
    /// </summary>
    private const string WriterPragmas = "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-131072; PRAGMA wal_autocheckpoint=10000;";

    private readonly SqliteConnection _connection;
    private readonly SqlitePreparedInsert _insert;
    private readonly GroupCommit _commits;

    public SqliteJournalWriter(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        using (var pragma = _connection.CreateCommand())
        {
            pragma.CommandText = WriterPragmas;
            pragma.ExecuteNonQuery();
        }

        _insert = new SqlitePreparedInsert(_connection);
        _commits = new GroupCommit(_insert.InOneTransaction);
    }

    /// <summary>One atomic write: all its rows commit together or none does.</summary>
    public Task Write(IReadOnlyList<StoredEvent> rows) => _commits.Write(rows);

    public void Dispose()
    {
        _commits.Dispose();
        _insert.Dispose();
        _connection.Dispose();
    }
}
