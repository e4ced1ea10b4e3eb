using LeverageActors.Actors.Persistence;
using LeverageActors.Tests.Support;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Tests.Persistence;

/// <summary>
/// The SQLite journal's tag index holds every tag of every row but its chain link, whatever wrote
/// the row and however it was changed since, and a journal from before the index is indexed when the
/// node prepares it: a catch-up that reads through the index misses no row a scan would find (but a
/// row whose tags a hand made into no list at all, a control character in them: it is indexed under none).
/// </summary>
public sealed class SqliteTagIndexSpecs : IDisposable
{
    private readonly TestDatabase _database = TestDatabase.OnDisk();

    [Fact]
    public void Rows_written_after_the_preparation_are_indexed_by_each_tag_but_their_chain_link()
    {
        SqliteDatabase.Prepare(_database.ConnectionString);

        Insert(1, ";position;chain:ab12;market:ETH-USD;");
        Insert(2, ";price:ETH-USD;");
        Insert(3, null);
        Insert(4, ";;");
        Insert(5, ";breach;breach;");

        Assert.Equal(ExpectedFromTheColumn(), Indexed());
        Assert.Equal(
            [("breach", 5), ("market:ETH-USD", 1), ("position", 1), ("price:ETH-USD", 2)],
            Indexed());
    }

    [Fact]
    public void A_journal_from_before_the_index_is_indexed_when_it_is_prepared_and_only_once()
    {
        // An empty file is an empty database: the journal table as the earlier versions created it.
        File.WriteAllBytes(_database.FilePath!, []);
        _database.Execute("""
            CREATE TABLE journal (
              ordering INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, created INTEGER NOT NULL, deleted Bit NOT NULL,
              persistence_id NVarChar(255) NOT NULL, sequence_number INTEGER NOT NULL, message VarBinary NOT NULL,
              tags NVarChar(100) NULL, manifest NVarChar(500) NULL, identifier INTEGER NULL, writer_uuid NVarChar(128) NULL)
            """);
        for (var i = 1; i <= 300; i++)
            Insert(i, $";{(i % 3 == 0 ? "market:BTC-USD" : "oracle")};chain:{i:x4};");

        SqliteDatabase.Prepare(_database.ConnectionString);
        SqliteDatabase.Prepare(_database.ConnectionString);

        Assert.Equal(ExpectedFromTheColumn(), Indexed());
        Assert.Equal(100, Indexed().Count(t => t.Tag == "market:BTC-USD"));
    }

    [Fact]
    public void Triggers_dropped_by_hand_are_created_again_at_the_next_preparation_and_what_they_missed_is_indexed()
    {
        SqliteDatabase.Prepare(_database.ConnectionString);
        Insert(1, ";gone;");
        _database.Execute("DROP TRIGGER journal_tag_insert; DROP TRIGGER journal_tag_delete");
        Insert(2, ";while-dropped;");
        _database.Execute("DELETE FROM journal WHERE ordering = 1");

        SqliteDatabase.Prepare(_database.ConnectionString);
        Insert(3, ";halt;");

        Assert.Equal([("halt", 3), ("while-dropped", 2)], Indexed());
    }

    [Fact]
    public void A_row_edited_or_deleted_by_hand_leaves_the_index_as_its_tags_are_now()
    {
        SqliteDatabase.Prepare(_database.ConnectionString);
        Insert(1, ";position;market:ETH-USD;");
        Insert(2, ";position;market:ETH-USD;");
        Insert(3, ";halt;");

        _database.Execute("UPDATE journal SET tags = ';position;market:SOL-USD;' WHERE ordering = 1");
        _database.Execute("DELETE FROM journal WHERE ordering = 3");
        _database.Execute("UPDATE journal SET ordering = 9 WHERE ordering = 2");

        Assert.Equal(ExpectedFromTheColumn(), Indexed());
        Assert.Equal([("market:ETH-USD", 9), ("market:SOL-USD", 1), ("position", 1), ("position", 9)], Indexed());
    }

    [Fact]
    public async Task Quotes_and_backslashes_are_tags_like_any_other_and_a_value_that_is_no_list_fails_nothing()
    {
        SqliteDatabase.Prepare(_database.ConnectionString);

        Insert(1, """;a"b;c\d;","breach;""");
        Insert(2, ";bell\u0007;position;");

        Assert.Equal([("\",\"breach", 1), ("a\"b", 1), ("c\\d", 1)], Indexed());
        Assert.Equal(2, (await _database.JournalRows()).Count);
    }

    [Fact]
    public void The_newest_row_of_a_tag_is_found_through_the_index_past_entries_forged_by_hand_and_a_tag_without_rows_is_read_from_its_first()
    {
        SqliteDatabase.Prepare(_database.ConnectionString);
        for (var i = 1; i <= 10; i++)
            Insert(i, i % 2 == 1 ? ";a;" : ";b;");

        using var connection = new SqliteConnection(_database.ConnectionString);
        connection.Open();

        // Entries forged by hand: one far ahead of the journal, one on a row that does not carry the tag.
        _database.Execute("INSERT INTO journal_tag (tag, ordering) VALUES ('a', 1000000), ('a', 10), ('none', 999)");

        Assert.Equal((8L, 9L, 0L), (JournalTagIndex.BeforeNewest(connection, "a", JournalProvider.Sqlite),
            JournalTagIndex.BeforeNewest(connection, "b", JournalProvider.Sqlite), JournalTagIndex.BeforeNewest(connection, "none", JournalProvider.Sqlite)));
    }

    private void Insert(int ordering, string? tags)
    {
        using var connection = new SqliteConnection(_database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO journal (ordering, created, deleted, persistence_id, sequence_number, message, tags, manifest)
            VALUES ($ordering, 0, 0, 'row-' || $ordering, 1, x'00', $tags, 'X')
            """;
        command.Parameters.AddWithValue("$ordering", ordering);
        command.Parameters.AddWithValue("$tags", (object?)tags ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    private List<(string Tag, long Ordering)> Indexed() =>
        Pairs("SELECT tag, ordering FROM journal_tag ORDER BY tag, ordering");

    /// <summary>What a scan of the tags column finds: each tag of each row, links left out.</summary>
    private List<(string Tag, long Ordering)> ExpectedFromTheColumn() =>
        Pairs("SELECT tags, ordering FROM journal WHERE tags IS NOT NULL")
            .SelectMany(r => r.Tag.Split(';', StringSplitOptions.RemoveEmptyEntries).Distinct()
                .Where(t => !t.StartsWith("chain:", StringComparison.Ordinal)).Select(t => (t, r.Ordering)))
            .OrderBy(p => p.t, StringComparer.Ordinal).ThenBy(p => p.Ordering)
            .ToList();

    private List<(string Tag, long Ordering)> Pairs(string sql)
    {
        using var connection = new SqliteConnection(_database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var pairs = new List<(string Tag, long Ordering)>();
        while (reader.Read())
            pairs.Add((reader.GetString(0), reader.GetInt64(1)));
        return pairs;
    }

    public void Dispose() => _database.Dispose();
}
