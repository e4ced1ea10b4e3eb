using Akka.Actor;
using LeverageActors.Actors.Membership;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Node;

/// <summary>
/// A node started on a copy of the cluster's journal (a backup restored) with the cluster's seeds:
/// the copy has the journal's id, so the id alone would let it in, and an account rebalanced onto
/// it would recover the balance of the day the copy was made and spend it a second time.
/// </summary>
public sealed class JournalCopySpecs
{
    private static readonly TimeSpan Timeout = TestNode.Timeout;

    [Fact]
    public async Task A_node_on_a_backup_of_the_clusters_journal_refuses_to_join_and_the_cluster_keeps_its_balances()
    {
        using var journal = TestDatabase.OnDisk();
        await using var a = await TestNode.StartAsync(journal);
        using var events = new MemberEvents(a.System);
        var trader = await a.NewTrader(deposit: 1_000m);
        using var backup = journal.Backup();
        // Spent after the backup: the copy still holds the 1,000.
        await ApiTrader.Json(trader.Post($"/accounts/{trader.Id}/withdrawals", new { amount = 600m }));

        await using var b = await TestNode.LaunchAsync(backup.Journal, new NodeOptions { Seeds = [a.ClusterAddress.ToString()] });
        await b.System.WhenTerminated.WaitAsync(Timeout);

        var refusal = Assert.IsType<JournalCopied>(CoordinatedShutdown.Get(b.System).ShutdownReason);
        Assert.Equal(a.ClusterAddress, refusal.ClusterNode);
        Assert.Contains("copy", refusal.Explanation);
        Assert.All(events.MembersSeen(), member => Assert.Equal(a.ClusterAddress, member));
        Assert.Equal(400m, await trader.FreeBalance());
        await a.BooksBalance([trader]);
    }
}
