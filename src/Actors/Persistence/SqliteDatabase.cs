using Microsoft.Data.Sqlite;

namespace LeverageActors.Actors.Persistence;

/// <summary>Prepares the SQLite file a node journals into.</summary>
public static class SqliteDatabase
{
    /// <summary>A connection string for a journal file, with a busy timeout that outlasts checkpoints.</summary>
    public static string FileConnectionString(string path) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(path),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

    /// <summary>
    /// Creates the directory and the file when missing and switches the file to WAL, which is a
    /// property of the file: set once, every later connection uses it.
    /// </summary>
    public static void Prepare(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (IsInMemory(builder))
            return;

        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);

        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    public static bool IsSharedCache(string connectionString) =>
        new SqliteConnectionStringBuilder(connectionString).Cache == SqliteCacheMode.Shared;

    public static bool IsInMemory(SqliteConnectionStringBuilder builder) =>
        builder.Mode == SqliteOpenMode.Memory
        || builder.DataSource is ":memory:" or ""
        || builder.DataSource.StartsWith("file::memory:", StringComparison.OrdinalIgnoreCase);
}
