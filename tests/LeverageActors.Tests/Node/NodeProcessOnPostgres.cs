using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Node;

/// <summary>The real executable on a PostgreSQL journal, as an operator configures it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class NodeProcessOnPostgres(PostgresFixture postgres)
{
    [Fact]
    public async Task The_node_comes_up_on_PostgreSQL_creates_its_tables_and_never_logs_the_password()
    {
        using var database = postgres.NewDatabase();
        var connectionString = database.ConnectionString + ";Password=never-printed";

        var lines = await NodeProcessSpecs.RunUntilUpThenStop("--journal-provider", "postgres", "--journal", connectionString);

        Assert.Contains(lines, l => l.Contains($"journal {database.Journal.Description} (journal id "));
        Assert.DoesNotContain(lines, l => l.Contains("never-printed"));
        // The node created its tables at its first start.
        foreach (var table in new[] { "journal", "snapshot", "journal_identity" })
            Assert.Equal(table, await database.ScalarAsync($"SELECT to_regclass('{table}')::text"));
    }
}
