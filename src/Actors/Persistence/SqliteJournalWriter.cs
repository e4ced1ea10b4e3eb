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
    private readonly SqliteConnection _connection;
    private readonly SqlitePreparedInsert _insert;
    private readonly GroupCommit _commits;

    public SqliteJournalWriter(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        using (var pragma = _connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=NORMAL;";
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
