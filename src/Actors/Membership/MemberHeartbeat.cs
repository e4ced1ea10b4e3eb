using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using LeverageActors.Actors.Persistence;

namespace LeverageActors.Actors.Membership;

/// <summary>
/// While this node is an Up member (or starts the cluster: <see cref="Starting"/>), records every <see cref="LiveCluster.BeatEvery"/> in the
/// journal's database that it is, so a node about to start a cluster can see that one is live
/// on the journal already (<see cref="JoinGate"/>). When the node leaves, its row goes with it
/// (<see cref="Forget"/>, at coordinated shutdown), so its next start does not wait for it.
/// </summary>
public sealed class MemberHeartbeat : ReceiveActor, IWithTimers
{
    public const string Name = "member-heartbeat";
    private const int FailuresBetweenWarnings = 15;

    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IClusterMemberTable _table;
    private bool _writing;
    private bool _up;
    private int _failures;
    private IActorRef? _forgetting;

    public MemberHeartbeat(IClusterMemberTable table)
    {
        _table = table;

        Receive<ClusterEvent.MemberUp>(up =>
        {
            if (up.Member.UniqueAddress != _cluster.SelfUniqueAddress || _forgetting is not null)
                return;
            _up = true;
            Timers.StartPeriodicTimer(nameof(Beat), Beat.Instance, TimeSpan.Zero, LiveCluster.BeatEvery);
        });
        Receive<Starting>(_ =>
        {
            if (_forgetting is not null)
                return;
            Timers.StartPeriodicTimer(nameof(Beat), Beat.Instance, LiveCluster.BeatEvery, LiveCluster.BeatEvery);
            Timers.StartSingleTimer(nameof(StartingOver), StartingOver.Instance, StartingBeatsAtMost);
        });
        Receive<StartingOver>(_ =>
        {
            // A node let into a cluster but not Up by now is held joining it (one that died, maybe): it must not seem live for
            // ever. One let in nowhere yet still tries to start the cluster, until Akka's join deadline stops it.
            if (!_up && _cluster.SelfMember.Status != MemberStatus.Removed)
                Timers.Cancel(nameof(Beat));
            else if (!_up)
                Timers.StartSingleTimer(nameof(StartingOver), StartingOver.Instance, StartingBeatsAtMost);
        });
        Receive<ClusterEvent.IMemberEvent>(change =>
        {
            // Exiting or removed: its cluster no longer counts it a member.
            if (change.Member.UniqueAddress == _cluster.SelfUniqueAddress && change.Member.Status is MemberStatus.Exiting or MemberStatus.Removed or MemberStatus.Down)
            {
                _up = false;
                Timers.Cancel(nameof(Beat));
            }
        });
        Receive<Beat>(_ =>
        {
            if (_writing)
                return;
            _writing = true;
            var (address, incarnation) = Identity();
            Task.Run(() => _table.Beat(address, incarnation)).PipeTo(Context.Self, success: () => Written.Instance, failure: e => new Failed(e));
        });
        Receive<Written>(_ =>
        {
            _writing = false;
            _failures = 0;
            ForgetIfAsked();
        });
        Receive<Failed>(failed =>
        {
            _writing = false;
            if (_failures++ % FailuresBetweenWarnings == 0)
                _log.Warning("Could not record in the journal's database that this node is up ({0}): a node starting the cluster's first seed " +
                             "may not see that this cluster is live", failed.Cause.GetBaseException().Message);
            ForgetIfAsked();
        });
        Receive<Forget>(_ =>
        {
            Timers.Cancel(nameof(Beat));
            _forgetting = Sender;
            ForgetIfAsked();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() =>
        _cluster.Subscribe(Context.Self, ClusterEvent.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Context.Self);

    /// <summary>How long a node that claimed to start the cluster beats before it is Up: Akka's first seed asks the others for the seed-node timeout first.</summary>
    private TimeSpan StartingBeatsAtMost => 2 * (_cluster.Settings.SeedNodeTimeout + LiveCluster.Silence);

    private (string Address, long Incarnation) Identity() => (_cluster.SelfAddress.ToString(), _cluster.SelfUniqueAddress.Uid);

    /// <summary>Once no beat is being written, so that none lands after the row is gone.</summary>
    private void ForgetIfAsked()
    {
        if (_forgetting is not { } asker || _writing)
            return;
        var (address, incarnation) = Identity();
        Task.Run(() => _table.Forget(address, incarnation)).PipeTo(asker, success: () => Done.Instance);
        Become(() => ReceiveAny(_ => { }));
    }

    /// <summary>Asked at coordinated shutdown: beat no more, remove this node's row, answer <see cref="Done"/>.</summary>
    public sealed class Forget
    {
        public static readonly Forget Instance = new();
    }

    /// <summary>
    /// Told by the <see cref="JoinGate"/> once its claim to start the cluster is recorded: beat from
    /// now on, so the claim stays live however long this node takes to be Up.
    /// </summary>
    public sealed class Starting
    {
        public static readonly Starting Instance = new();
    }

    public sealed class Done
    {
        public static readonly Done Instance = new();
    }

    private sealed class Beat
    {
        public static readonly Beat Instance = new();
    }

    private sealed class StartingOver
    {
        public static readonly StartingOver Instance = new();
    }

    private sealed class Written
    {
        public static readonly Written Instance = new();
    }

    private sealed record Failed(Exception Cause);
}
