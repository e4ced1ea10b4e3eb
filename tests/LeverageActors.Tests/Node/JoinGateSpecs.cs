using Akka.Actor;
using Akka.Cluster;
using Akka.TestKit.Xunit2;
using LeverageActors.Actors.Membership;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Tests.Node;

/// <summary>
/// The join gate of a first seed against a member table whose reads are scripted: a live cluster
/// that the node cannot reach, reads that fail, silence.
/// </summary>
public sealed class JoinGateSpecs() : TestKit("""
    akka.actor.provider = cluster
    akka.remote.dot-netty.tcp.hostname = 127.0.0.1
    akka.remote.dot-netty.tcp.port = 0
    akka.cluster.seed-node-timeout = 1s
    """)
{
    private const string Unreachable = "akka.tcp://leverage@127.0.0.1:9";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Failed_reads_after_a_live_cluster_was_heard_never_let_a_first_seed_start_a_cluster_until_a_read_finds_it_silent()
    {
        var (table, logs) = StartGate();

        // A beat before the node began to read, one after it: live.
        table.Next(new HeardMembers(1_000, [new HeardMember(Unreachable, 500)]));
        table.Next(new HeardMembers(2_000, [new HeardMember(Unreachable, 1_500)]));
        await logs.FishForMessageAsync(m => m is Akka.Event.Info i && i.Message.ToString()!.Contains("this node only joins it"), Patience);
        for (var failure = 0; failure < 4; failure++)
            table.Next(new InvalidOperationException("the database is away"));
        await logs.FishForMessageAsync(m => m is Akka.Event.Warning w && w.Message.ToString()!.Contains("reading again"), Patience);
        await AwaitAssertAsync(() => Assert.Equal(6, table.Taken), Patience);

        Assert.NotEqual(MemberStatus.Up, Cluster.Get(Sys).SelfMember.Status);
        Assert.Empty(Cluster.Get(Sys).State.Members);

        // The members' beats failed with the reads: silence right after them proves nothing.
        table.Next(new HeardMembers(20_000, []));
        // The next read has begun: what the gate made of this one is said already.
        await AwaitAssertAsync(() => Assert.Equal(8, table.Asked), Patience);
        Assert.DoesNotContain(logs.ReceiveWhile(TimeSpan.FromMilliseconds(100), m => m),
            m => m is Akka.Event.Info i && i.Message.ToString()!.Contains("fell silent before it let this node in"));
        Assert.Empty(Cluster.Get(Sys).State.Members);
        table.Next(new HeardMembers(31_000, []));
        await logs.FishForMessageAsync(m => m is Akka.Event.Info i && i.Message.ToString()!.Contains("fell silent before it let this node in"), Patience);
        await AwaitAssertAsync(() => Assert.Equal(MemberStatus.Up, Cluster.Get(Sys).SelfMember.Status), Patience);
    }

    [Fact]
    public async Task A_first_seed_whose_database_is_away_at_its_start_reads_again_instead_of_deciding_without_the_table()
    {
        var (table, logs) = StartGate();

        for (var failure = 0; failure < 4; failure++)
            table.Next(new InvalidOperationException("the database is away"));
        // Past the seed-node timeout, where the first seed may start the cluster once it knows none is live.
        await AwaitAssertAsync(() => Assert.Equal(4, table.Taken), Patience);
        Assert.Empty(Cluster.Get(Sys).State.Members);

        table.Next(new HeardMembers(1_000, [new HeardMember(Unreachable, 500)]));
        table.Next(new HeardMembers(2_000, [new HeardMember(Unreachable, 1_500)]));
        await logs.FishForMessageAsync(m => m is Akka.Event.Info i && i.Message.ToString()!.Contains("this node only joins it"), Patience);
        Assert.Empty(Cluster.Get(Sys).State.Members);
        table.Next(new HeardMembers(20_000, []));
        await AwaitAssertAsync(() => Assert.Equal(MemberStatus.Up, Cluster.Get(Sys).SelfMember.Status), Patience);
    }

    [Fact]
    public async Task A_first_seed_whose_claim_to_start_the_cluster_is_refused_starts_none_and_joins_the_cluster_the_next_read_finds_live()
    {
        var (table, logs) = StartGate(new ScriptedMembers { RefuseClaims = true });

        // No one live, and no seed answers within the seed-node timeout: a first seed may start the cluster, but another claimed it.
        table.Next(new HeardMembers(1_000, []));
        await logs.FishForMessageAsync(m => m is Akka.Event.Info i && i.Message.ToString()!.Contains("another node has claimed to start it"), Patience);
        Assert.Equal(1, table.Claims);
        Assert.Empty(Cluster.Get(Sys).State.Members);

        // The claimant, heard since this node began to ask: live.
        table.Next(new HeardMembers(2_000, [new HeardMember(Unreachable, 1_500)]));
        await logs.FishForMessageAsync(m => m is Akka.Event.Info i && i.Message.ToString()!.Contains("this node only joins it"), Patience);
        Assert.NotEqual(MemberStatus.Up, Cluster.Get(Sys).SelfMember.Status);
        Assert.Empty(Cluster.Get(Sys).State.Members);
        Assert.Equal(1, table.Claims);
    }

    [Fact]
    public async Task A_first_seed_that_may_read_the_member_table_but_not_write_it_starts_the_cluster_without_a_claim_and_says_so()
    {
        var (table, logs) = StartGate(new ScriptedMembers { ClaimFailure = new UnauthorizedAccessException("permission denied for table cluster_member") });

        table.Next(new HeardMembers(1_000, []));
        await logs.FishForMessageAsync(m => m is Akka.Event.Error e && e.Message.ToString()!.Contains("starting without a claim"), Patience);
        await AwaitAssertAsync(() => Assert.Equal(MemberStatus.Up, Cluster.Get(Sys).SelfMember.Status), Patience);
        Assert.Equal(1, table.Claims);
    }

    [Fact]
    public async Task A_node_that_claimed_to_start_the_cluster_beats_before_it_is_up()
    {
        var table = new ScriptedMembers();
        var heartbeat = Sys.ActorOf(Props.Create(() => new MemberHeartbeat(table)));
        await AwaitAssertAsync(() => Assert.Equal(MemberStatus.Removed, Cluster.Get(Sys).SelfMember.Status), Patience);

        heartbeat.Tell(MemberHeartbeat.Starting.Instance);

        // Let in nowhere, so no beat of an Up member: these are the claim's.
        await AwaitAssertAsync(() => Assert.True(table.Beats >= 2), Patience);
        Assert.Empty(Cluster.Get(Sys).State.Members);
    }

    /// <summary>This system's gate as its first seed, the other seed unreachable; its table, and a probe of its logs.</summary>
    private (ScriptedMembers Table, Akka.TestKit.TestProbe Logs) StartGate(ScriptedMembers? scripted = null)
    {
        var table = scripted ?? new ScriptedMembers();
        var logs = CreateTestProbe();
        Sys.EventStream.Subscribe(logs.Ref, typeof(Akka.Event.LogEvent));
        IReadOnlyList<Address> seeds = [Cluster.Get(Sys).SelfAddress, Address.Parse(Unreachable)];
        var journal = new OwnJournal(JournalId.New(), "a journal", "a cause");
        Sys.ActorOf(Props.Create(() => new JoinGate(journal, seeds, table, SharedSettings.Of(new Dictionary<string, string>()))));
        return (table, logs);
    }

    /// <summary>Each read takes the next scripted answer, waiting for the test to give it.</summary>
    private sealed class ScriptedMembers : IClusterMemberTable
    {
        private readonly System.Collections.Concurrent.BlockingCollection<object> _answers = new();
        private int _taken;

        private int _asked;

        /// <summary>Answers the gate has read so far.</summary>
        public int Taken => Volatile.Read(ref _taken);

        /// <summary>Reads the gate has begun, the one waiting for its answer included.</summary>
        public int Asked => Volatile.Read(ref _asked);

        public void Next(object answer) => _answers.Add(answer);

        public bool Unusable(Exception failure) => failure is UnauthorizedAccessException;

        /// <summary>What every claim throws, if anything.</summary>
        public Exception? ClaimFailure { get; init; }

        /// <summary>Whether claims to start the cluster are refused, as when another node claimed first.</summary>
        public bool RefuseClaims { get; init; }

        private int _claims;

        /// <summary>Claims made so far.</summary>
        public int Claims => Volatile.Read(ref _claims);

        public bool Claim(string address, long incarnation, TimeSpan within)
        {
            Interlocked.Increment(ref _claims);
            if (ClaimFailure is { } failure)
                throw failure;
            return !RefuseClaims;
        }

        private int _beats;

        /// <summary>Beats written so far.</summary>
        public int Beats => Volatile.Read(ref _beats);

        public void Beat(string address, long incarnation) => Interlocked.Increment(ref _beats);

        public void Forget(string address, long incarnation)
        {
        }

        public void Enter(string address, long incarnation, TimeSpan silentFor)
        {
        }

        public bool Holds(string address, long incarnation) => true;

        public HeardMembers HeardWithin(TimeSpan within, string self)
        {
            Interlocked.Increment(ref _asked);
            if (!_answers.TryTake(out var answer, TimeSpan.FromSeconds(10)))
                throw new TimeoutException("no answer scripted");
            Interlocked.Increment(ref _taken);
            return answer switch
            {
                HeardMembers heard => heard,
                Exception failure => throw failure,
                var other => throw new InvalidOperationException($"not an answer: {other}"),
            };
        }
    }
}
