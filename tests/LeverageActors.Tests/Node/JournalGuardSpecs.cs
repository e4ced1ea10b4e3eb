using Akka.Actor;
using Akka.Cluster;
using LeverageActors.Actors.Membership;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Membership;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Node;

/// <summary>
/// The guard behind the join gate: nodes that get into a cluster on another journal anyway (one
/// that joins without asking, a seed that lies about its journal) are put out, and the cluster's
/// own members keep running.
/// </summary>
public sealed class JournalGuardSpecs
{
    private static readonly TimeSpan Timeout = TestNode.Timeout;

    [Fact]
    public async Task A_member_downs_joiners_on_another_journal_or_none_that_skipped_the_check_and_keeps_running()
    {
        using var database = TestDatabase.InMemory();
        await using var a = await TestNode.StartAsync(database);
        var trader = await a.NewTrader(deposit: 1_000m);
        using var events = new MemberEvents(a.System);

        foreach (var roles in new[] { new[] { JournalRole.Of(JournalId.New()) }, [] })
        {
            var intruder = ActorSystem.Create("leverage", BareClusterNode.With(roles));
            try
            {
                var address = Cluster.Get(intruder).SelfAddress;
                // Straight to the cluster, past the join gate.
                Cluster.Get(intruder).Join(a.ClusterAddress);

                await events.Next(e => e is ClusterEvent.MemberJoined && e.Member.Address == address, Timeout);
                var removed = await events.Next(e => e is ClusterEvent.MemberRemoved && e.Member.Address == address, Timeout);
                Assert.Equal(MemberStatus.Down, ((ClusterEvent.MemberRemoved)removed).PreviousStatus);
            }
            finally
            {
                await intruder.Terminate();
            }
        }

        Assert.Equal(MemberStatus.Up, Cluster.Get(a.System).SelfMember.Status);
        Assert.Equal(1_000m, await trader.FreeBalance());
        await a.BooksBalance([trader]);
    }

    [Fact]
    public async Task A_node_let_in_by_a_seed_that_lies_about_its_journal_leaves_naming_both_ids()
    {
        var liarsJournal = JournalId.New();
        var liar = ActorSystem.Create("leverage", BareClusterNode.With([JournalRole.Of(liarsJournal)]));
        using var database = TestDatabase.InMemory();
        try
        {
            liar.ActorOf(Props.Create(() => new LyingGuard()), JournalGuard.Name);
            var up = new TaskCompletionSource();
            Cluster.Get(liar).RegisterOnMemberUp(() => up.TrySetResult());
            Cluster.Get(liar).Join(Cluster.Get(liar).SelfAddress);
            await up.Task.WaitAsync(Timeout);

            await using var launched = await TestNode.LaunchAsync(database.Journal, new NodeOptions { Seeds = [Cluster.Get(liar).SelfAddress.ToString()] });
            var node = launched.System;

            await node.WhenTerminated.WaitAsync(Timeout);
            var refusal = Assert.IsType<JournalMismatch>(CoordinatedShutdown.Get(node).ShutdownReason);
            var ownJournal = JournalIdentity.ReadOrCreate(new SqliteJournalIdentityTable(database.ConnectionString));
            Assert.Equal(liarsJournal, refusal.ClusterJournal);
            Assert.Equal(ownJournal, refusal.OwnJournal);
            Assert.Contains(liarsJournal.Value, refusal.Explanation);
            Assert.Contains(ownJournal.Value, refusal.Explanation);
        }
        finally
        {
            await liar.Terminate();
        }
    }

    /// <summary>Tells every joiner that it writes to the joiner's own journal.</summary>
    private sealed class LyingGuard : ReceiveActor
    {
        public LyingGuard()
        {
            Receive<GetJournalId>(question => Sender.Tell(new JournalIdResponse(question.Joining)));
        }
    }
}
