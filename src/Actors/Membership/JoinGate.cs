using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Membership;

namespace LeverageActors.Actors.Membership;

/// <summary>
/// Joins the seed nodes only once one of them says its cluster writes to this node's journal. A
/// node on another journal stops before it joins, so the cluster it reached sees no new member
/// at all. Until a seed answers it keeps asking, as Akka keeps retrying a join, for as long as
/// Akka's own <c>shutdown-after-unsuccessful-join-seed-nodes</c> allows: then it stops the node
/// as Akka would, so a supervisor starts a fresh incarnation (a restarted node's messages can be
/// lost while the others still hold its old incarnation).
/// </summary>
public sealed class JoinGate : ReceiveActor, IWithTimers
{
    public const string Name = "join-gate";
    private static readonly TimeSpan AskInterval = TimeSpan.FromSeconds(1);
    private const int AttemptsBetweenWarnings = 10;

    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly OwnJournal _own;
    private readonly IReadOnlyList<Address> _seeds;
    private readonly IReadOnlyList<Address> _otherSeeds;
    private int _attempts;

    public JoinGate(OwnJournal own, IReadOnlyList<Address> seeds)
    {
        _own = own;
        _seeds = seeds;
        _otherSeeds = seeds.Where(s => s != _cluster.SelfAddress).ToList();

        Receive<JournalIdResponse>(answer => Decide(answer.Journal, Sender.Path.Address));
        Receive<AskAgain>(_ => Ask());
        Receive<StartAlone>(_ => Join($"no other seed node answered within {_cluster.Settings.SeedNodeTimeout}; as the first seed node this node may start the cluster"));
        Receive<GiveUp>(_ =>
        {
            _log.Warning("No seed node answered within {0} ({1} attempts); stopping so that a fresh start can join",
                _cluster.Settings.ShutdownAfterUnsuccessfulJoinSeedNodes, _attempts);
            Decided();
            CoordinatedShutdown.Get(Context.System).Run(CoordinatedShutdown.ClusterJoinUnsuccessfulReason.Instance);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        if (_otherSeeds.Count == 0)
        {
            Join("this node is its only seed node");
            return;
        }

        _log.Info("Asking seed nodes {0} which journal their cluster writes to before joining", string.Join(", ", _otherSeeds));
        Ask();
        Timers.StartPeriodicTimer(nameof(AskAgain), AskAgain.Instance, AskInterval);
        // Akka lets only the first seed node start a cluster when no other seed answers.
        if (_seeds[0] == _cluster.SelfAddress)
            Timers.StartSingleTimer(nameof(StartAlone), StartAlone.Instance, _cluster.Settings.SeedNodeTimeout);
        if (_cluster.Settings.ShutdownAfterUnsuccessfulJoinSeedNodes is { } limit && limit > TimeSpan.Zero && limit != Timeout.InfiniteTimeSpan)
            Timers.StartSingleTimer(nameof(GiveUp), GiveUp.Instance, limit);
    }

    private void Ask()
    {
        if (++_attempts % AttemptsBetweenWarnings == 0)
            _log.Warning("No seed node has answered yet after {0} attempts; still asking {1}", _attempts, string.Join(", ", _otherSeeds));
        foreach (var seed in _otherSeeds)
            Context.ActorSelection(new RootActorPath(seed) / "user" / JournalGuard.Name).Tell(new GetJournalId(_own.Id));
    }

    private void Decide(JournalId clusterJournal, Address seed)
    {
        if (clusterJournal == _own.Id)
        {
            Join($"seed node {seed} writes to this node's journal {_own.Id}");
            return;
        }

        var refusal = new JournalMismatch(_own, clusterJournal, seed);
        _log.Error("Not joining: {0}", refusal.Explanation);
        Decided();
        CoordinatedShutdown.Get(Context.System).Run(refusal);
    }

    private void Join(string why)
    {
        _log.Info("Joining seed nodes {0}: {1}", string.Join(", ", _seeds), why);
        _cluster.JoinSeedNodes(_seeds);
        Decided();
    }

    /// <summary>Answers to the earlier questions are still on their way: they change nothing.</summary>
    private void Decided()
    {
        Timers.CancelAll();
        Become(() => ReceiveAny(_ => { }));
    }

    private sealed class AskAgain
    {
        public static readonly AskAgain Instance = new();
    }

    private sealed class StartAlone
    {
        public static readonly StartAlone Instance = new();
    }

    private sealed class GiveUp
    {
        public static readonly GiveUp Instance = new();
    }
}
