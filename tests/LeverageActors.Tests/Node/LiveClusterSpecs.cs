using Akka.Actor;
using Akka.Cluster;
using Akka.TestKit.Xunit2;
using LeverageActors.Actors.Membership;
using LeverageActors.Actors.Persistence;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Node;

/// <summary>
/// A node that may start a cluster (the first seed, or a node without seeds) never starts a
/// second one on a journal a live cluster writes to: the split brain a restarted first seed made
/// on a loaded machine when its peers answered late. The live cluster here is one member's beats,
/// written by the test as that member would, whose seed address nobody answers at.
/// </summary>
public sealed class LiveClusterSpecs : TestKit
{
    private const string LiveMember = "akka.tcp://leverage@127.0.0.1:9";

    [Fact]
    public async Task A_first_seed_on_a_journal_with_a_live_cluster_waits_for_its_seeds_and_starts_a_cluster_only_once_that_one_falls_silent()
    {
        using var database = TestDatabase.OnDisk();
        await using var beats = LiveMemberBeats.Start(database);
        var port = NodeProcess.FreePort();
        var self = $"akka.tcp://leverage@127.0.0.1:{port}";
        await using var node = await TestNode.LaunchAsync(database.Journal, new NodeOptions { Port = port, Seeds = [self, LiveMember] });
        var logs = CreateTestProbe(node.System);
        node.System.EventStream.Subscribe(logs.Ref, typeof(Akka.Event.LogEvent));

        // Past Akka's seed-node timeout, where a first seed used to start a cluster of its own.
        await logs.FishForMessageAsync(m => m is Akka.Event.Warning w && w.Message.ToString()!.Contains("No seed node has answered yet after 10 attempts"),
            TestNode.Timeout);
        Assert.NotEqual(MemberStatus.Up, Cluster.Get(node.System).SelfMember.Status);
        Assert.Empty(Cluster.Get(node.System).State.Members);

        await beats.Stop();
        // Said only by a node that had joined the live cluster's way.
        await logs.FishForMessageAsync(m => m is Akka.Event.Info i && i.Message.ToString()!.Contains("fell silent before it let this node in"),
            LiveCluster.Silence + TestNode.Timeout);
        await Eventually.Holds("the first seed to start the cluster once the other fell silent",
            () => Task.FromResult(Cluster.Get(node.System).SelfMember.Status == MemberStatus.Up));
    }

    [Fact]
    public async Task A_node_without_seeds_on_a_journal_with_a_live_cluster_stops_naming_the_member_it_heard()
    {
        using var database = TestDatabase.OnDisk();
        await using var beats = LiveMemberBeats.Start(database);
        await using var node = await TestNode.LaunchAsync(database.Journal);
        await node.System.WhenTerminated.WaitAsync(TestNode.Timeout);

        var refusal = Assert.IsType<ClusterLiveOnJournal>(CoordinatedShutdown.Get(node.System).ShutdownReason);
        Assert.Equal(2, refusal.ExitCode);
        Assert.Contains($"member {LiveMember} was heard from", refusal.Explanation);
        Assert.Contains("--seed", refusal.Explanation);
        Assert.Empty(Cluster.Get(node.System).State.Members);
    }

    [Fact]
    public async Task A_clusters_only_seed_restarted_while_another_member_runs_joins_that_member_instead_of_starting_a_second_cluster()
    {
        using var database = TestDatabase.OnDisk();
        var port = NodeProcess.FreePort();
        var seedOnly = new NodeOptions { Port = port, Seeds = [$"akka.tcp://leverage@127.0.0.1:{port}"] };
        ApiTrader trader;
        TestNode member;
        await using (var seed = await TestNode.StartAsync(database, seedOnly))
        {
            member = await TestNode.StartAsync(database, NodeOptions.Joining(seed));
            trader = await member.NewTrader(deposit: 1_000m);
        }

        await using var memberRunning = member;
        await Eventually.Holds("the member alone in its cluster", () => Task.FromResult(Cluster.Get(member.System).State.Members.Count == 1));

        // Its only seed is itself: before, it started a cluster of its own beside the member's.
        await using var restarted = await TestNode.StartAsync(database, seedOnly);

        await Eventually.Holds("one cluster of both nodes", () => Task.FromResult(
            Cluster.Get(restarted.System).State.Members.Count(m => m.Status == MemberStatus.Up) == 2
            && Cluster.Get(member.System).State.Members.Count(m => m.Status == MemberStatus.Up) == 2));
        Assert.Equal(1_000m, await trader.On(restarted).FreeBalance());
        await restarted.BooksBalance([trader]);
    }

    [Fact]
    public async Task An_up_member_beats_and_its_row_goes_when_it_leaves()
    {
        using var database = TestDatabase.OnDisk();
        var table = ClusterMemberTable.For(database.Journal);
        var port = NodeProcess.FreePort();
        var node = await TestNode.StartAsync(database, new NodeOptions { Port = port });
        var address = node.ClusterAddress.ToString();
        try
        {
            await Eventually.Holds("the member's beat", () => Task.FromResult(
                table.HeardWithin(LiveCluster.Silence, LiveMember).Members.Any(m => m.Address == address)));
            // A node reading for itself does not count its own address (a restart where its killed incarnation beat).
            Assert.Empty(table.HeardWithin(LiveCluster.Silence, address).Members);
        }
        finally
        {
            await node.DisposeAsync();
        }

        Assert.Empty(table.HeardWithin(TimeSpan.FromDays(2), LiveMember).Members);
    }

    [Fact]
    public void Beats_judge_a_cluster_live_only_when_heard_after_the_node_began_to_ask()
    {
        Assert.Equal(Liveness.None, LiveCluster.Judge(new HeardMembers(10_000, []), askingSince: 10_000));
        Assert.Equal(Liveness.Unsure, LiveCluster.Judge(new HeardMembers(10_000, [new HeardMember(LiveMember, 9_000)]), askingSince: 10_000));
        Assert.Equal(Liveness.Live, LiveCluster.Judge(new HeardMembers(12_000, [new HeardMember(LiveMember, 11_000)]), askingSince: 10_000));
    }

    [Fact]
    public async Task Of_nodes_claiming_to_start_the_cluster_at_once_on_SQLite_one_claims()
    {
        for (var round = 0; round < 5; round++)
        {
            using var database = TestDatabase.OnDisk();
            Assert.Equal(1, await ClaimRace.Winners(MemberTable(database), nodes: 6));
        }
    }

    [Fact]
    public void A_claim_to_start_the_cluster_is_refused_for_another_member_heard_within_the_silence_however_it_was_dated()
    {
        using var database = TestDatabase.InMemory();
        var table = MemberTable(database);
        const string self = "akka.tcp://leverage@127.0.0.1:1";
        var now = table.HeardWithin(LiveCluster.Silence, self).Now;
        table.Beat(LiveMember, incarnation: 1);
        table.Beat(self, incarnation: 6);

        // Another member silent for longer than the silence, and this node's own row of an earlier incarnation: no one is live.
        database.Execute($"UPDATE {ClusterMemberTable.Name} SET heard_at = {now - (long)LiveCluster.Silence.TotalMilliseconds - 1_000} WHERE address = '{LiveMember}'");
        Assert.True(table.Claim(self, incarnation: 7, LiveCluster.Silence));
        // Heard within the silence: live.
        database.Execute($"UPDATE {ClusterMemberTable.Name} SET heard_at = {now - 1_000} WHERE address = '{LiveMember}'");
        Assert.False(table.Claim(self, incarnation: 7, LiveCluster.Silence));
        // The claim recorded is this node's beat: another node claiming after it is refused.
        database.Execute($"DELETE FROM {ClusterMemberTable.Name} WHERE address = '{LiveMember}'");
        Assert.False(table.Claim(LiveMember, incarnation: 1, LiveCluster.Silence));
    }

    [Fact]
    public void A_claim_dated_before_another_nodes_read_but_committed_after_it_refuses_that_nodes_claim()
    {
        using var database = TestDatabase.OnDisk();
        var table = MemberTable(database);
        const string other = "akka.tcp://leverage@127.0.0.1:2";

        // The other node's claim, its row dated a second before it commits (a thread pre-empted between the two).
        using var claiming = new Microsoft.Data.Sqlite.SqliteConnection(database.ConnectionString);
        claiming.Open();
        using (var transaction = claiming.BeginTransaction(deferred: false))
        {
            using var insert = claiming.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO {ClusterMemberTable.Name} (address, incarnation, heard_at) " +
                                 $"VALUES ('{other}', 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - 1000)";
            insert.ExecuteNonQuery();
            // This node's read meanwhile finds no one.
            Assert.Empty(table.HeardWithin(LiveCluster.Silence, LiveMember).Members);
            transaction.Commit();
        }

        Assert.False(table.Claim(LiveMember, incarnation: 1, LiveCluster.Silence));
    }

    [Fact]
    public async Task Of_two_nodes_without_seeds_started_at_once_on_one_journal_one_starts_the_cluster_and_the_other_refuses()
    {
        using var database = TestDatabase.OnDisk();
        SqliteDatabase.Prepare(database.ConnectionString);

        var nodes = await Task.WhenAll(TestNode.LaunchAsync(database.Journal), TestNode.LaunchAsync(database.Journal));
        try
        {
            var refused = await Task.WhenAny(nodes.Select(n => n.System.WhenTerminated)).WaitAsync(TestNode.Timeout);
            var (stopped, running) = refused == nodes[0].System.WhenTerminated ? (nodes[0], nodes[1]) : (nodes[1], nodes[0]);
            Assert.IsType<ClusterLiveOnJournal>(CoordinatedShutdown.Get(stopped.System).ShutdownReason);
            await Eventually.Holds("the other node up", () => Task.FromResult(Cluster.Get(running.System).SelfMember.Status == MemberStatus.Up));
            Assert.False(running.System.WhenTerminated.IsCompleted);
        }
        finally
        {
            foreach (var node in nodes)
                await node.DisposeAsync();
        }
    }

    [Fact]
    public void A_beat_of_another_incarnation_at_the_same_address_is_not_forgotten_by_the_old_one()
    {
        using var database = TestDatabase.InMemory();
        var table = MemberTable(database);
        table.Beat(LiveMember, incarnation: 1);
        table.Beat(LiveMember, incarnation: 2);
        table.Forget(LiveMember, incarnation: 1);
        Assert.Equal([LiveMember], table.HeardWithin(LiveCluster.Silence, "akka.tcp://leverage@127.0.0.1:1").Members.Select(m => m.Address));
        table.Forget(LiveMember, incarnation: 2);
        Assert.Empty(table.HeardWithin(LiveCluster.Silence, "akka.tcp://leverage@127.0.0.1:1").Members);
    }

    /// <summary>
    /// A joiner's entry (the copy check) is dated silent; written late, after its own claim to start the
    /// cluster had committed, it made that claim look silent, and a second node could claim the journal.
    /// </summary>
    [Fact]
    public void An_entry_written_after_the_same_incarnations_claim_leaves_the_claim_live_and_replaces_only_a_dead_incarnations_row()
    {
        using var database = TestDatabase.InMemory();
        var table = MemberTable(database);
        const string reader = "akka.tcp://leverage@127.0.0.1:1";

        table.Enter(LiveMember, incarnation: 1, LiveCluster.Silence * 2);
        Assert.True(table.Holds(LiveMember, 1));
        Assert.Empty(table.HeardWithin(LiveCluster.Silence, reader).Members);

        Assert.True(table.Claim(LiveMember, incarnation: 2, LiveCluster.Silence));
        table.Enter(LiveMember, incarnation: 2, LiveCluster.Silence * 2);
        Assert.Equal([LiveMember], table.HeardWithin(LiveCluster.Silence, reader).Members.Select(m => m.Address));
        Assert.True(table.Holds(LiveMember, 2));
        Assert.False(table.Holds(LiveMember, 1));
        Assert.False(table.Claim("akka.tcp://leverage@127.0.0.1:2", incarnation: 3, LiveCluster.Silence));
    }

    [Fact]
    public void A_row_dated_ahead_of_the_databases_clock_is_not_heard()
    {
        using var database = TestDatabase.InMemory();
        var table = MemberTable(database);
        table.Beat(LiveMember, incarnation: 1);
        Assert.Single(table.HeardWithin(LiveCluster.Silence, "akka.tcp://leverage@127.0.0.1:1").Members);

        // Edited by a hand to stay live for an hour without a beat.
        database.Execute($"UPDATE {ClusterMemberTable.Name} SET heard_at = heard_at + 3600000");

        Assert.Empty(table.HeardWithin(LiveCluster.Silence, "akka.tcp://leverage@127.0.0.1:1").Members);
    }

    private static IClusterMemberTable MemberTable(TestDatabase database)
    {
        SqliteDatabase.Prepare(database.ConnectionString);
        return ClusterMemberTable.For(database.Journal);
    }

    /// <summary>The live member's beats, every half second as an Up member's would come, until stopped.</summary>
    private sealed class LiveMemberBeats : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _beating = Task.CompletedTask;

        public static LiveMemberBeats Start(TestDatabase database)
        {
            SqliteDatabase.Prepare(database.ConnectionString);
            var beats = new LiveMemberBeats();
            var table = ClusterMemberTable.For(database.Journal);
            // Before the node under test can read: it must find the member live from its first read on.
            table.Beat(LiveMember, incarnation: 42);
            beats._beating = Task.Run(async () =>
            {
                while (!beats._stop.IsCancellationRequested)
                {
                    table.Beat(LiveMember, incarnation: 42);
                    try
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(500), beats._stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            });
            return beats;
        }

        public async Task Stop()
        {
            await _stop.CancelAsync();
            await _beating;
        }

        public async ValueTask DisposeAsync()
        {
            await Stop();
            _stop.Dispose();
        }
    }
}
