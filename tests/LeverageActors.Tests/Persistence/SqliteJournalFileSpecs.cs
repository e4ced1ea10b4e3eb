using LeverageActors.Actors.Persistence;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Tests.Persistence;

/// <summary>
/// Only the node's preparation creates its SQLite file. Every connection after it opens the file
/// that exists, so a journal that goes missing under a running node is an error (and health says
/// so) instead of a second, empty history that the node's next write would start.
/// </summary>
public sealed class SqliteJournalFileSpecs : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("leverage-file-");

    private string FilePath => Path.Combine(_directory.FullName, "leverage.db");

    [Fact]
    public void The_node_s_connection_string_does_not_create_a_journal_that_went_missing()
    {
        var connectionString = SqliteDatabase.FileConnectionString(FilePath);
        SqliteDatabase.Prepare(connectionString);
        Assert.True(File.Exists(FilePath));

        File.Delete(FilePath);

        AssertNotCreated(connectionString);
    }

    [Fact]
    public void An_operator_s_connection_string_is_prepared_once_and_then_opens_only_the_existing_file()
    {
        var given = new SqliteConnectionStringBuilder { DataSource = FilePath }.ToString();
        SqliteDatabase.Prepare(given);
        File.Delete(FilePath);

        AssertNotCreated(SqliteDatabase.ExistingOnly(given));
    }

    [Fact]
    public void An_in_memory_database_is_left_as_it_is()
    {
        var memory = new SqliteConnectionStringBuilder { DataSource = "leverage-memory", Mode = SqliteOpenMode.Memory, Cache = SqliteCacheMode.Shared }.ToString();

        Assert.Equal(memory, SqliteDatabase.ExistingOnly(memory));
    }

    private void AssertNotCreated(string connectionString)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        Assert.Throws<SqliteException>(connection.Open);
        Assert.False(File.Exists(FilePath));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }
}
