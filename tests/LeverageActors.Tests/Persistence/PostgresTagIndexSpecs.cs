using LeverageActors.Actors.Persistence;
using LeverageActors.Tests.Support;
using Npgsql;

namespace LeverageActors.Tests.Persistence;

/// <summary>
/// The PostgreSQL journal's tag index holds every tag of every row but its chain link, whatever
/// wrote the row (a node's COPY, a plain INSERT) and however it was changed since, and a journal
/// from before the index is indexed when a node prepares it: a catch-up that reads through the
/// index misses no row a scan would find.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresTagIndexSpecs(PostgresFixture postgres) : IDisposable
{
    /// <summary>Leaves the journal as a version before the index left it.</summary>
    public static readonly string DropIndex =
        "DROP TABLE journal_tag; " + string.Concat(PostgresTagIndex.Triggers.Select(t => $"DROP TRIGGER {t.Name} ON journal; DROP FUNCTION {t.Name}(); "));

    private readonly TestDatabase _database = postgres.NewDatabase();
    private long _sequence;

    [Fact]
    public async Task Rows_a_node_copies_or_inserts_are_indexed_by_each_tag_but_their_chain_link()
    {
        PostgresDatabase.Prepare(_database.ConnectionString);
        using (var writer = new PostgresJournalWriter(_database.ConnectionString, copyAbove: 2))
        {
            await writer.Write([Row(";position;chain:ab12;market:ETH-USD;"), Row(";price:ETH-USD;"), Row(null)]);
            await writer.Write([Row(";;")]);
        }

        Insert(";breach;breach;");

        Assert.Equal(await ExpectedFromTheColumn(), await Indexed());
        Assert.Equal([("breach", 5), ("market:ETH-USD", 1), ("position", 1), ("price:ETH-USD", 2)], await Indexed());
    }

    [Fact]
    public async Task A_journal_from_before_the_index_is_indexed_when_it_is_prepared_and_only_once()
    {
        PostgresDatabase.Prepare(_database.ConnectionString);
        _database.Execute(DropIndex);
        for (var i = 1; i <= 300; i++)
            Insert($";{(i % 3 == 0 ? "market:BTC-USD" : "oracle")};chain:{i:x4};");
        Assert.Equal(300L, PostgresTagIndex.Pending(_database.ConnectionString));

        PostgresDatabase.Prepare(_database.ConnectionString);
        PostgresDatabase.Prepare(_database.ConnectionString);

        Assert.Null(PostgresTagIndex.Pending(_database.ConnectionString));
        Assert.Equal(await ExpectedFromTheColumn(), await Indexed());
        Assert.Equal(100, (await Indexed()).Count(t => t.Tag == "market:BTC-USD"));
    }

    [Fact]
    public async Task A_preparation_behind_a_write_held_open_goes_on_without_indexing_and_the_next_one_indexes()
    {
        PostgresDatabase.Prepare(_database.ConnectionString);
        _database.Execute(DropIndex);
        Insert(";a;");
        await using var held = new NpgsqlConnection(_database.ConnectionString);
        await held.OpenAsync();
        await using var write = await held.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags) VALUES (0, false, 'held', 1, '\\x00', ';b;')", held, write))
            await insert.ExecuteNonQueryAsync();

        // Waits for the journal's lock a while, then the start goes on: its writes are not queued behind the hand's.
        PostgresDatabase.Prepare(_database.ConnectionString);
        Assert.NotNull(PostgresTagIndex.Pending(_database.ConnectionString));

        await write.CommitAsync();
        PostgresDatabase.Prepare(_database.ConnectionString);

        Assert.Null(PostgresTagIndex.Pending(_database.ConnectionString));
        Assert.Equal([("a", 1), ("b", 2)], await Indexed());
    }

    [Fact]
    public async Task Triggers_dropped_or_disabled_by_hand_are_in_force_again_after_the_next_preparation_and_what_they_missed_is_indexed()
    {
        PostgresDatabase.Prepare(_database.ConnectionString);
        Insert(";gone;");
        _database.Execute("DROP TRIGGER journal_tag_insert ON journal; ALTER TABLE journal DISABLE TRIGGER journal_tag_delete");
        Insert(";while-dropped;");
        _database.Execute("DELETE FROM journal WHERE tags = ';gone;'");
        Assert.False(Usable());
        Assert.Equal([("gone", 1)], await Indexed());

        PostgresDatabase.Prepare(_database.ConnectionString);
        Insert(";halt;");
        Insert(";deleted-after;");
        _database.Execute("DELETE FROM journal WHERE tags = ';deleted-after;'");

        Assert.True(Usable());
        Assert.Equal([("halt", 3), ("while-dropped", 2)], await Indexed());
    }

    [Fact]
    public async Task A_row_edited_or_deleted_by_hand_leaves_the_index_as_its_tags_are_now()
    {
        PostgresDatabase.Prepare(_database.ConnectionString);
        Insert(";position;market:ETH-USD;");
        Insert(";position;market:ETH-USD;");
        Insert(";halt;");

        _database.Execute("UPDATE journal SET tags = ';position;market:SOL-USD;' WHERE ordering = 1");
        _database.Execute("DELETE FROM journal WHERE ordering = 3");
        _database.Execute("UPDATE journal SET deleted = true WHERE ordering = 2");

        Assert.Equal(await ExpectedFromTheColumn(), await Indexed());
        Assert.Equal([("market:ETH-USD", 2), ("market:SOL-USD", 1), ("position", 1), ("position", 2)], await Indexed());
    }

    [Fact]
    public async Task The_newest_row_of_a_tag_is_found_through_the_index_past_entries_forged_by_hand_and_a_tag_without_rows_is_read_from_its_first()
    {
        PostgresDatabase.Prepare(_database.ConnectionString);
        for (var i = 1; i <= 10; i++)
            Insert(i % 2 == 1 ? ";a;" : ";b;");

        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();

        // Entries forged by hand: one far ahead of the journal, one on a row that does not carry the tag.
        _database.Execute("INSERT INTO journal_tag (tag, ordering) VALUES ('a', 1000000), ('a', 10), ('none', 999)");

        Assert.Equal((8L, 9L, 0L), (JournalTagIndex.BeforeNewest(connection, "a", JournalProvider.Postgres),
            JournalTagIndex.BeforeNewest(connection, "b", JournalProvider.Postgres), JournalTagIndex.BeforeNewest(connection, "none", JournalProvider.Postgres)));
    }

    private StoredEvent Row(string? tags) =>
        new($"row-{Interlocked.Increment(ref _sequence)}", 1, [0x00], tags ?? "", "X", 0, 0, "index-specs");

    private void Insert(string tags)
    {
        var row = Row(tags);
        _database.Execute("INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest) " +
                          $"VALUES (0, false, '{row.PersistenceId}', 1, '\\x00', '{tags}', 'X')");
    }

    private bool Usable()
    {
        using var connection = new NpgsqlConnection(_database.ConnectionString);
        connection.Open();
        return PostgresTagIndex.Usable(connection);
    }

    private Task<List<(string Tag, long Ordering)>> Indexed() =>
        Pairs("SELECT tag, ordering FROM journal_tag ORDER BY tag COLLATE \"C\", ordering");

    /// <summary>What a scan of the tags column finds: each tag of each row, links left out.</summary>
    private async Task<List<(string Tag, long Ordering)>> ExpectedFromTheColumn() =>
        (await Pairs("SELECT tags, ordering FROM journal WHERE tags IS NOT NULL"))
            .SelectMany(r => r.Tag.Split(';', StringSplitOptions.RemoveEmptyEntries).Distinct()
                .Where(t => !t.StartsWith("chain:", StringComparison.Ordinal)).Select(t => (t, r.Ordering)))
            .OrderBy(p => p.t, StringComparer.Ordinal).ThenBy(p => p.Ordering)
            .ToList();

    private async Task<List<(string Tag, long Ordering)>> Pairs(string sql)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var pairs = new List<(string Tag, long Ordering)>();
        while (await reader.ReadAsync())
            pairs.Add((reader.GetString(0), reader.GetInt64(1)));
        return pairs;
    }

    public void Dispose() => _database.Dispose();
}
