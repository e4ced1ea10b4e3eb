using LeverageActors.Actors.Persistence;
using LeverageActors.Tests.Support;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Tests.Persistence;

/// <summary>
/// A node starts only on a journal whose (persistence_id, sequence_number) is a unique key: without
/// it two incarnations of an account could both write one sequence number. The node creates the key
/// with the table; these are journals whose key was lost or never made.
/// </summary>
public sealed class JournalUniqueKeySpecs
{
    private const string Table = """
        CREATE TABLE journal (
          ordering INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, created INTEGER NOT NULL, deleted Bit NOT NULL,
          persistence_id NVarChar(255) NOT NULL, sequence_number INTEGER NOT NULL, message VarBinary NOT NULL,
          tags NVarChar(100) NULL, manifest NVarChar(500) NULL, identifier INTEGER NULL, writer_uuid NVarChar(128) NULL);
        """;

    /// <summary>An index of the key's name that is not unique (so the node's own does not replace it); a unique one of part of the journal; of three columns.</summary>
    public static TheoryData<string> KeysThatHoldNothing() =>
    [
        "CREATE INDEX journal_pid_seq ON journal (persistence_id, sequence_number);",
        "CREATE UNIQUE INDEX journal_pid_seq ON journal (persistence_id, sequence_number) WHERE deleted = 0;",
        "CREATE UNIQUE INDEX journal_pid_seq ON journal (persistence_id, sequence_number, ordering);",
    ];

    /// <summary>A unique constraint that ignores or replaces a conflicting row, and the index the node would otherwise have created.</summary>
    public static TheoryData<string> ConstraintsThatDropWrites() =>
    [
        "IGNORE",
        "REPLACE",
    ];

    [Theory]
    [MemberData(nameof(ConstraintsThatDropWrites))]
    public async Task A_node_does_not_start_on_a_journal_whose_unique_key_drops_or_replaces_a_second_write(string resolution)
    {
        using var database = TestDatabase.OnDisk();
        Create(database, Table.Replace("writer_uuid NVarChar(128) NULL);",
                             $"writer_uuid NVarChar(128) NULL, UNIQUE (persistence_id, sequence_number) ON CONFLICT {resolution});")
                         + "CREATE INDEX journal_pid_seq ON journal (persistence_id, sequence_number);");

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => TestNode.StartAsync(database));

        Assert.Contains("no unique key on (persistence_id, sequence_number)", Assert.IsType<InvalidOperationException>(refused.GetBaseException()).Message);
    }

    [Theory]
    [MemberData(nameof(KeysThatHoldNothing))]
    public async Task A_node_does_not_start_on_a_SQLite_journal_without_its_unique_key(string index)
    {
        using var database = TestDatabase.OnDisk();
        Create(database, Table + index);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => TestNode.StartAsync(database));

        var cause = Assert.IsType<InvalidOperationException>(refused.GetBaseException());
        Assert.Contains("no unique key on (persistence_id, sequence_number)", cause.Message);
        Assert.Contains("CREATE UNIQUE INDEX journal_pid_seq", cause.Message);
        Assert.Empty(await database.JournalRows());
    }

    [Fact]
    public async Task A_journal_table_without_any_index_gets_its_key_at_the_start()
    {
        using var database = TestDatabase.OnDisk();
        Create(database, Table);

        await using var node = await TestNode.StartAsync(database);

        Assert.Equal(1L, await database.ScalarAsync("SELECT \"unique\" FROM pragma_index_list('journal') WHERE name = 'journal_pid_seq'"));
    }

    [Fact]
    public async Task Once_the_key_is_created_the_node_starts_on_that_journal()
    {
        using var database = TestDatabase.OnDisk();
        Create(database, Table + "CREATE INDEX journal_pid_seq ON journal (persistence_id, sequence_number);");
        Assert.Throws<InvalidOperationException>(() => SqliteDatabase.Prepare(database.ConnectionString));

        database.Execute("DROP INDEX journal_pid_seq; CREATE UNIQUE INDEX journal_pid_seq ON journal (persistence_id, sequence_number);");

        await using var node = await TestNode.StartAsync(database);
        var trader = await node.NewTrader(deposit: 100m);
        Assert.Equal(100m, await trader.FreeBalance());
        await node.BooksBalance([trader]);
    }

    /// <summary>The journal file made by hand, before any node prepared it.</summary>
    private static void Create(TestDatabase database, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database.FilePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
