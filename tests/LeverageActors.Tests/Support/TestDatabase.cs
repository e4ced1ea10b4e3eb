using LeverageActors.Actors.Persistence;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Tests.Support;

/// <summary>
/// A SQLite journal for one test: a shared in-memory database (alive while one connection
/// stays open) or a file in a temporary directory that outlives actor systems.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    private readonly string? _directory;
    private SqliteConnection? _keeper;

    private TestDatabase(string connectionString, string? directory)
    {
        ConnectionString = connectionString;
        _directory = directory;
    }

    public string ConnectionString { get; }

    public string? FilePath => _directory is null ? null : Path.Combine(_directory, "leverage.db");

    public static TestDatabase InMemory()
    {
        var database = new TestDatabase(new SqliteConnectionStringBuilder
        {
            DataSource = $"leverage-{Guid.NewGuid():N}",
            Mode = SqliteOpenMode.Memory,
            Cache = SqliteCacheMode.Shared,
        }.ToString(), null);
        // A shared in-memory database lives exactly as long as one connection to it is open.
        database._keeper = new SqliteConnection(database.ConnectionString);
        database._keeper.Open();
        return database;
    }

    public static TestDatabase OnDisk()
    {
        var directory = Directory.CreateTempSubdirectory("leverage-test-").FullName;
        return new(SqliteDatabase.FileConnectionString(Path.Combine(directory, "leverage.db")), directory);
    }

    public void Dispose()
    {
        _keeper?.Dispose();
        _keeper = null;
        if (_directory is null)
            return;
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
