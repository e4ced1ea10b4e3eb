using Akka.Actor;
using LeverageActors.Actors.Membership;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Membership;
using LeverageActors.Tests.Support;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Tests.Node;

/// <summary>The journal's identity: written once into the journal database, read by every node at start.</summary>
public sealed class JournalIdentitySpecs
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_journal_gets_its_id_at_its_first_start_and_keeps_it()
    {
        using var database = TestDatabase.OnDisk();
        var table = new SqliteJournalIdentityTable(database.ConnectionString);

        var first = JournalIdentity.ReadOrCreate(table);
        var again = JournalIdentity.ReadOrCreate(table);

        Assert.Equal(first, again);
        Assert.Equal([first.Value], StoredIds(database));
    }

    [Fact]
    public async Task Nodes_starting_together_on_one_fresh_file_agree_on_its_id()
    {
        using var database = TestDatabase.OnDisk();

        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            JournalIdentity.ReadOrCreate(new SqliteJournalIdentityTable(database.ConnectionString)))));

        Assert.Single(ids.Distinct());
        Assert.Equal([ids[0].Value], StoredIds(database));
    }

    [Fact]
    public async Task A_restarted_node_reports_the_id_its_journal_holds_and_another_journal_has_another()
    {
        using var database = TestDatabase.OnDisk();
        using var other = TestDatabase.OnDisk();

        JournalId before;
        await using (var node = await TestNode.StartAsync(database))
            before = await JournalIdOf(node.System);
        await using (var restarted = await TestNode.StartAsync(database))
            Assert.Equal(before, await JournalIdOf(restarted.System));
        await using (var elsewhere = await TestNode.StartAsync(other))
            Assert.NotEqual(before, await JournalIdOf(elsewhere.System));

        Assert.Equal([before.Value], StoredIds(database));
    }

    [Fact]
    public void A_member_carries_its_journal_id_as_a_role()
    {
        var journal = JournalId.New();

        Assert.Equal(journal, JournalRole.Read(["dc-default", JournalRole.Of(journal)]));
        Assert.Null(JournalRole.Read(["dc-default"]));
    }

    private static async Task<JournalId> JournalIdOf(ActorSystem system) =>
        (await system.ActorSelection($"/user/{JournalGuard.Name}")
            .Ask<JournalIdResponse>(new GetJournalId(JournalId.From("a-probe")), Timeout)).Journal;

    private static List<string> StoredIds(TestDatabase database)
    {
        using var connection = new SqliteConnection(database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT journal_id FROM {SqliteJournalIdentityTable.Table}";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
            ids.Add(reader.GetString(0));
        return ids;
    }
}
