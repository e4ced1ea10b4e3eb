using LeverageActors.Actors.Persistence;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Node;

/// <summary>A PostgreSQL journal's identity: written once, agreed on by nodes starting together, another database another id.</summary>
[Collection(PostgresCollection.Name)]
public sealed class JournalIdentityOnPostgres(PostgresFixture postgres)
{
    [Fact]
    public async Task Nodes_starting_together_agree_on_the_id_and_another_database_has_another()
    {
        using var one = postgres.NewDatabase();
        using var other = postgres.NewDatabase();

        var ids = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
            JournalIdentity.ReadOrCreate(JournalIdentityTables.For(one.Journal)))));
        var again = JournalIdentity.ReadOrCreate(JournalIdentityTables.For(one.Journal));
        var elsewhere = JournalIdentity.ReadOrCreate(JournalIdentityTables.For(other.Journal));

        Assert.Single(ids.Distinct());
        Assert.Equal(ids[0], again);
        Assert.NotEqual(ids[0], elsewhere);
        Assert.Equal(1L, await one.ScalarAsync("SELECT COUNT(*) FROM journal_identity"));
    }
}
