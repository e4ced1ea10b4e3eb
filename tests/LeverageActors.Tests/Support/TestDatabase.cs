using LeverageActors.Actors.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LeverageActors.Tests.Support;

/// <summary>
/// A journal database for one test: SQLite, as a shared in-memory database (alive while one
/// connection stays open) or a file in a temporary directory that outlives actor systems; or a
/// fresh database on the run's PostgreSQL server, dropped afterwards.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    private readonly string? _directory;
    private readonly PrivatePostgres? _server;
    private readonly string? _postgresName;
    private SqliteConnection? _keeper;

    private TestDatabase(JournalDatabase journal, string? directory = null, PrivatePostgres? server = null, string? postgresName = null)
    {
        Journal = journal;
        _directory = directory;
        _server = server;
        _postgresName = postgresName;
    }

    public JournalDatabase Journal { get; }

    public JournalProvider Provider => Journal.Provider;

    public string ConnectionString => Journal.ConnectionString;

    /// <summary>The SQLite file, for a database on disk.</summary>
    public string? FilePath => _directory is null ? null : Path.Combine(_directory, "leverage.db");

    /// <summary>What <c>audit --db</c> takes for this database: the file, or the connection string.</summary>
    public string AuditArgument => FilePath ?? ConnectionString;

    public static TestDatabase InMemory()
    {
        var database = new TestDatabase(JournalDatabase.Sqlite(new SqliteConnectionStringBuilder
        {
            DataSource = $"leverage-{Guid.NewGuid():N}",
            Mode = SqliteOpenMode.Memory,
            Cache = SqliteCacheMode.Shared,
        }.ToString()));
        // A shared in-memory database lives exactly as long as one connection to it is open.
        database._keeper = new SqliteConnection(database.ConnectionString);
        database._keeper.Open();
        return database;
    }

    public static TestDatabase OnDisk()
    {
        var directory = Directory.CreateTempSubdirectory("leverage-test-").FullName;
        return new(JournalDatabase.SqliteFile(Path.Combine(directory, "leverage.db")), directory);
    }

    public static TestDatabase OnPostgres(PrivatePostgres server)
    {
        var name = $"leverage_{Guid.NewGuid():N}";
        var connectionString = server.CreateDatabaseAsync(name).GetAwaiter().GetResult();
        return new(JournalDatabase.Postgres(connectionString), server: server, postgresName: name);
    }

    /// <summary>
    /// A copy to tamper with, disposed by the caller. Nothing may be writing to this database (a
    /// SQLite file must have been checkpointed).
    /// </summary>
    public TestDatabase Copy()
    {
        if (_server is not null)
        {
            var name = $"leverage_{Guid.NewGuid():N}";
            // A database can only be copied while no session is connected to it, pooled ones included.
            NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
            var connectionString = _server.CreateDatabaseAsync(name, template: _postgresName).GetAwaiter().GetResult();
            return new(JournalDatabase.Postgres(connectionString), server: _server, postgresName: name);
        }

        var copy = OnDisk();
        File.Copy(FilePath ?? throw new InvalidOperationException("an in-memory database cannot be copied"), copy.FilePath!);
        return copy;
    }

    /// <summary>A copy of a SQLite database taken while a node writes to it, as an operator's online backup is.</summary>
    public TestDatabase Backup()
    {
        var copy = OnDisk();
        using var source = new SqliteConnection(ConnectionString);
        using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy.FilePath, Pooling = false }.ToString());
        source.Open();
        target.Open();
        source.BackupDatabase(target);
        return copy;
    }

    /// <summary>
    /// Rows in the journal table, each named by its entity, number and event: what a refused request
    /// must not add to, named so that a failure says which row was added.
    /// </summary>
    public async Task<IReadOnlyList<string>> JournalRows()
    {
        await using var connection = Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT persistence_id, sequence_number, manifest FROM journal ORDER BY ordering";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add($"{reader.GetString(0)} #{reader.GetInt64(1)} {reader.GetString(2)}");
        return rows;
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    /// <summary>
    /// Writes a SQLite journal row no node can decode (an unknown manifest, bytes that are no JSON)
    /// under <paramref name="tag"/>, as a forger would; its ordering.
    /// </summary>
    public async Task<long> InsertUnreadableRow(string persistenceId, string tag)
    {
        Execute($"""
            INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier, writer_uuid)
            VALUES (0, 0, '{persistenceId}', 1, x'FF0013', ';{tag};', 'no-such-manifest', 0, 'by-hand')
            """);
        return Convert.ToInt64(await ScalarAsync($"SELECT ordering FROM journal WHERE persistence_id = '{persistenceId}'"));
    }

    /// <summary>Runs a statement (tampering, mostly); the number of rows it changed.</summary>
    public int Execute(string sql)
    {
        using var connection = Open();
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    private System.Data.Common.DbConnection Open() => Provider == JournalProvider.Postgres
        ? new NpgsqlConnection(ConnectionString)
        : new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());

    public void Dispose()
    {
        _keeper?.Dispose();
        _keeper = null;
        if (_server is not null)
            _server.DropDatabaseAsync(_postgresName!).GetAwaiter().GetResult();
        if (_directory is null)
            return;
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
