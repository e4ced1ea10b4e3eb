using LeverageActors.Actors.Persistence;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Persistence;

/// <summary>
/// Where a follower from its tag's newest row starts: just before that row, looked for only among
/// the table's last rows, so a tag never written costs a bounded walk and not the whole journal.
/// </summary>
public sealed class NewestTagRowSpecs : IDisposable
{
    private readonly TestDatabase _database = TestDatabase.OnDisk();

    public NewestTagRowSpecs()
    {
        SqliteDatabase.Prepare(_database.ConnectionString);
        // Orderings 1..10 tagged a, b in turn; ordering 4 also c.
        for (var i = 1; i <= 10; i++)
            _database.Execute($"""
                INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest)
                VALUES (0, 0, 'row-{i}', 1, x'00', '{(i % 2 == 1 ? ";a;" : ";b;")}{(i == 4 ? "c;" : "")}', 'X')
                """);
    }

    [Theory]
    [InlineData("a", 100, 8)]
    [InlineData("b", 100, 9)]
    [InlineData("c", 100, 3)]
    [InlineData("c", 6, 4)]
    [InlineData("none", 100, 0)]
    [InlineData("none", 3, 7)]
    public void It_starts_before_the_newest_row_of_the_tag_among_the_last_rows_or_where_they_begin(string tag, long within, long expected)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(_database.ConnectionString);
        connection.Open();

        Assert.Equal(expected, NewestTagRow.Before(connection, "instr(tags, @tag) > 0", tag, within));
    }

    public void Dispose() => _database.Dispose();
}
