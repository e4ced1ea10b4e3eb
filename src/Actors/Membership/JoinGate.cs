using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using LeverageActors.Actors.Persistence;
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
/// <para>
/// A node that may start a cluster (the first seed node, or a node without seeds) first learns
/// from the members' beats whether a cluster is live on the journal already
/// (<see cref="LiveCluster"/>). If one is, the first seed joins it through the other seeds and the
/// live members it heard, never starting one of its own, until that cluster lets it in or falls
/// silent; a node without seeds refuses to start. A first seed restarted on a loaded machine whose
/// peers answer late would otherwise start a second cluster on the same journal, two incarnations
/// of every entity with only the journal's unique key between them.
/// </para>
/// <para>
/// Before it asks, a node enters itself in its journal's member table (dated silent, so it counts
/// as no live member): a seed says "same journal" only when it finds that entry in its own
/// database, since a copy of the journal keeps the journal's id (<see cref="JournalCopied"/>).
/// </para>
/// <para>
/// A seed on the same journal that runs with other <see cref="SharedSettings"/> stops the node too
/// (<see cref="SettingsMismatch"/>, naming each setting that differs).
/// </para>
/// </summary>
public sealed class JoinGate : ReceiveActor, IWithTimers
{
    public const string Name = "join-gate";
    private static readonly TimeSpan AskInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReadInterval = TimeSpan.FromSeconds(1);
    private const int AttemptsBetweenWarnings = 10;

    /// <summary>How long ago an entry is dated: past <see cref="LiveCluster.Silence"/>, so no one counts the joiner live before it beats.</summary>
    private static readonly TimeSpan EntrySilentFor = 2 * LiveCluster.Silence;

    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly OwnJournal _own;
    private readonly IClusterMemberTable _members;
    private readonly IReadOnlyList<Address> _seeds;
    private readonly IReadOnlyList<Address> _otherSeeds;
    private readonly bool _mayStart;
    private int _attempts;
    private Address? _answered;
    private bool _startAloneDue;
    private long? _askingSince;
    private Liveness _liveness = Liveness.Unsure;
    private HeardMembers? _heard;
    private int _failedReads;
    // Members the table says are live, asked which journal they write to like the seeds; those that answered this one's.
    private readonly HashSet<Address> _heardLive = [];
    private readonly HashSet<Address> _confirmed = [];
    private IReadOnlyCollection<Address> _joiningThrough = [];
    private bool _joiningLive;
    private bool _toldUnsure;
    private bool _toldUnconfirmed;
    private readonly HashSet<Address> _warnedOtherJournal = [];
    // Every member the table named, live or not: a node starting the cluster asks them first.
    private readonly HashSet<Address> _everHeard = [];
    // After failed reads the members' beats may have failed too: silence proves nothing until reads have worked that long.
    private bool _failedSinceRead;
    private long? _readingAgainSince;
    private bool _claiming;
    private bool _claimsUnusable;
    private int _failedClaims;
    private bool _reading;
    private Entry _entry = Entry.Unwritten;
    private int _failedEntries;
    private readonly HashSet<Address> _warnedCopy = [];
    private readonly HashSet<Address> _warnedSettings = [];
    private readonly SharedSettings _settings;

    public JoinGate(OwnJournal own, IReadOnlyList<Address> seeds, IClusterMemberTable members, SharedSettings settings)
    {
        _own = own;
        _settings = settings;
        _members = members;
        _seeds = seeds;
        _otherSeeds = seeds.Where(s => s != _cluster.SelfAddress).ToList();
        // Akka lets only the first seed node start a cluster (a node without seeds joins itself).
        _mayStart = seeds.Count == 0 || seeds[0] == _cluster.SelfAddress;

        Receive<JournalIdResponse>(answer => Decide(answer, Sender.Path.Address));
        Receive<EntryWritten>(_ =>
        {
            _entry = Entry.Written;
            if (_otherSeeds.Count > 0)
                Ask();
        });
        Receive<EntryFailed>(failed => EntryNotWritten(failed.Cause));
        Receive<AskAgain>(_ => Ask());
        Receive<StartAlone>(_ =>
        {
            _startAloneDue = true;
            Proceed();
        });
        Receive<ReadBeats>(_ => ReadMembers());
        Receive<HeardMembers>(Heard);
        Receive<Status.Failure>(failed => ReadFailed(failed.Cause));
        Receive<Joined>(_ => Decided());
        Receive<ClaimAnswered>(Answered);
        Receive<ClaimFailed>(failed => FailedToClaim(failed.Cause));
        Receive<GiveUp>(_ =>
        {
            // Let in but not yet Up: Akka's own deadline no longer runs, and neither does this one.
            if (_cluster.SelfMember.Status != MemberStatus.Removed)
                return;
            var limit = _cluster.Settings.ShutdownAfterUnsuccessfulJoinSeedNodes;
            if (_liveness == Liveness.Live)
                _log.Warning("The live cluster on this journal did not let this node in within {0}; stopping so that a fresh start can join", limit);
            else if (_otherSeeds.Count == 0)
                _log.Warning("Could not learn within {0} whether a cluster is live on this journal; stopping so that a fresh start can try again", limit);
            else
                _log.Warning("No seed node answered within {0} ({1} attempts); stopping so that a fresh start can join", limit, _attempts);
            Decided();
            CoordinatedShutdown.Get(Context.System).Run(CoordinatedShutdown.ClusterJoinUnsuccessfulReason.Instance);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        if (_cluster.Settings.ShutdownAfterUnsuccessfulJoinSeedNodes is { } limit && limit > TimeSpan.Zero && limit != Timeout.InfiniteTimeSpan)
            Timers.StartSingleTimer(nameof(GiveUp), GiveUp.Instance, limit);
        if (_mayStart)
            ReadMembers();
        if (_otherSeeds.Count == 0)
        {
            _startAloneDue = true;
            return;
        }

        _log.Info("Asking seed nodes {0} which journal their cluster writes to before joining", string.Join(", ", _otherSeeds));
        Ask();
        Timers.StartPeriodicTimer(nameof(AskAgain), AskAgain.Instance, AskInterval);
        if (_mayStart)
            Timers.StartSingleTimer(nameof(StartAlone), StartAlone.Instance, _cluster.Settings.SeedNodeTimeout);
    }

    private void Ask()
    {
        if (Question() is not { } question)
            return;
        if (++_attempts % AttemptsBetweenWarnings == 0)
            _log.Warning("No seed node has answered yet after {0} attempts; still asking {1}", _attempts, string.Join(", ", _otherSeeds));
        foreach (var seed in _otherSeeds)
            Context.ActorSelection(new RootActorPath(seed) / "user" / JournalGuard.Name).Tell(question);
    }

    /// <summary>The question once this node's entry is written (or cannot be); until then, writes it and asks nothing.</summary>
    private GetJournalId? Question()
    {
        switch (_entry)
        {
            case Entry.Written:
                return new GetJournalId(_own.Id) { Entered = new MemberEntry(_cluster.SelfAddress.ToString(), _cluster.SelfUniqueAddress.Uid) };
            case Entry.Impossible:
                return new GetJournalId(_own.Id);
            case Entry.Unwritten:
                _entry = Entry.Writing;
                var (self, incarnation) = (_cluster.SelfAddress.ToString(), _cluster.SelfUniqueAddress.Uid);
                Task.Run(() => _members.Enter(self, incarnation, EntrySilentFor))
                    .PipeTo(Self, success: () => EntryWritten.Instance, failure: e => new EntryFailed(e));
                return null;
            default:
                return null;
        }
    }

    /// <summary>A node that may not write the table asks without an entry (the seeds let it in, saying they could not check); else it tries again.</summary>
    private void EntryNotWritten(Exception cause)
    {
        if (_members.Unusable(cause))
        {
            _entry = Entry.Impossible;
            _log.Warning("This node may not enter itself in its journal's member table ({0}): the seeds cannot check that it writes to their " +
                         "database rather than a copy of it", cause.GetBaseException().Message);
            if (_otherSeeds.Count > 0)
                Ask();
            return;
        }

        _entry = Entry.Unwritten;
        if (_failedEntries++ % AttemptsBetweenWarnings == 0)
            _log.Warning("Could not enter this node in its journal's member table before asking to join ({0}); trying again",
                cause.GetBaseException().Message);
    }

    private void Decide(JournalIdResponse answer, Address from)
    {
        var clusterJournal = answer.Journal;
        var differences = clusterJournal == _own.Id && !answer.EntryMissing ? SettingsDiffering(answer, from) : [];
        if (!_otherSeeds.Contains(from))
        {
            // A member heard in the table, not a seed the operator named: only confirmed, never a reason to stop.
            if (differences.Count > 0)
            {
                if (_warnedSettings.Add(from))
                    _log.Warning("Member {0}, live in this journal's member table, runs with other settings: {1}; not joining through it",
                        from, string.Join("; ", differences));
            }
            else if (clusterJournal == _own.Id && !answer.EntryMissing)
            {
                if (_confirmed.Add(from))
                    Proceed();
            }
            else if (clusterJournal == _own.Id)
            {
                if (_warnedCopy.Add(from))
                    _log.Warning("Member {0}, live in this journal's member table, does not find this node's entry in its database: one of the two " +
                                 "writes to a copy of the journal; not joining through it", from);
            }
            else if (_warnedOtherJournal.Add(from))
            {
                _log.Warning("Member {0}, live in this journal's member table, says its cluster writes to journal {1}, not this one's {2}: not joining through it",
                    from, clusterJournal, _own.Id);
            }

            return;
        }

        if (clusterJournal == _own.Id && !answer.EntryMissing && differences.Count == 0)
        {
            _answered ??= from;
            Proceed();
            return;
        }

        JoinRefusal refusal = differences.Count > 0
            ? new SettingsMismatch(from, _settings.Fingerprint, null, differences)
            : clusterJournal == _own.Id ? new JournalCopied(_own, from) : new JournalMismatch(_own, clusterJournal, from);
        _log.Error("{0}", refusal.Explanation);
        Decided();
        CoordinatedShutdown.Get(Context.System).Run(refusal);
    }

    /// <summary>The shared settings that differ from the answering member's; none from a member of a build before the check, let in unchecked.</summary>
    private IReadOnlyList<SettingDifference> SettingsDiffering(JournalIdResponse answer, Address from)
    {
        if (answer.Settings is { } theirs)
            return _settings.Differences(theirs);
        if (_warnedSettings.Add(from))
            _log.Warning("Member {0} runs a build that does not say its settings: whether this node's markets, collateral, cross-margin, liquidation " +
                         "and execution settings are the cluster's cannot be checked", from);
        return [];
    }

    private void ReadMembers()
    {
        // One read at a time: an older answer arriving last would undo what a newer one found.
        if (_reading)
            return;
        _reading = true;
        var self = _cluster.SelfAddress.ToString();
        Task.Run(() => _members.HeardWithin(LiveCluster.Silence, self)).PipeTo(Self);
    }

    private void Heard(HeardMembers heard)
    {
        _reading = false;
        _failedReads = 0;
        _askingSince ??= heard.Now;
        if (_failedSinceRead)
        {
            _failedSinceRead = false;
            _readingAgainSince = heard.Now;
        }

        _liveness = LiveCluster.Judge(heard, _askingSince.Value);
        if (_liveness == Liveness.None && _readingAgainSince is { } since && heard.Now - since < (long)LiveCluster.Silence.TotalMilliseconds)
            _liveness = Liveness.Unsure;
        _heard = heard;
        foreach (var member in heard.Members)
            if (Address.TryParse(member.Address, out var named) && named != _cluster.SelfAddress)
                _everHeard.Add(named);
        _heardLive.Clear();
        if (_liveness == Liveness.Live)
            foreach (var member in heard.Members.Where(m => m.HeardAt >= _askingSince.Value))
                if (Address.TryParse(member.Address, out var address) && address != _cluster.SelfAddress && !_otherSeeds.Contains(address))
                {
                    _heardLive.Add(address);
                    if (Question() is { } question)
                        Context.ActorSelection(new RootActorPath(address) / "user" / JournalGuard.Name).Tell(question);
                }

        if (_liveness == Liveness.Unsure && !_toldUnsure)
        {
            _toldUnsure = true;
            _log.Info("Waiting up to {0} to learn whether a cluster is live on this journal ({1}): if it beats again this node joins it, " +
                      "if it falls silent this node may start the cluster", LiveCluster.Silence, LiveCluster.Latest(heard));
        }

        // Until this node is a member, a live cluster may die and an unsure one turn out dead or live.
        Timers.StartSingleTimer(nameof(ReadBeats), ReadBeats.Instance, ReadInterval);
        Proceed();
    }

    /// <summary>
    /// A read that failed changes nothing known: a live cluster stays live until a read says
    /// otherwise, and a database away at this node's start is read again until it answers (or
    /// the join's time runs out). Only a node whose role may not read the table, or that has none,
    /// decides without it.
    /// </summary>
    private void ReadFailed(Exception cause)
    {
        _reading = false;
        if (_askingSince is null && _members.Unusable(cause))
        {
            _log.Error("This node may not read which members of a cluster on this journal are live ({0}): deciding without them, as a node " +
                       "before this check did, which may start a second cluster on this journal if the first seed's peers answer late " +
                       "(README, One cluster, one journal)", cause.GetBaseException().Message);
            _liveness = Liveness.None;
            Proceed();
            return;
        }

        _failedSinceRead = true;
        if (_failedReads++ % AttemptsBetweenWarnings == 0)
            _log.Warning("Could not read which members of a cluster on this journal are live ({0}); reading again", cause.GetBaseException().Message);
        Timers.StartSingleTimer(nameof(ReadBeats), ReadBeats.Instance, ReadInterval);
    }

    /// <summary>Joins as soon as what is known allows.</summary>
    private void Proceed()
    {
        if (!_mayStart)
        {
            if (_answered is { } seed)
                Join(_seeds, $"seed node {seed} writes to this node's journal {_own.Id}");
            return;
        }

        switch (_liveness)
        {
            case Liveness.Live when _seeds.Count == 0:
                var refusal = new ClusterLiveOnJournal(_own, LiveCluster.Latest(_heard!));
                _log.Error("{0}", refusal.Explanation);
                Decided();
                CoordinatedShutdown.Get(Context.System).Run(refusal);
                break;
            case Liveness.Live:
                JoinLive();
                break;
            case Liveness.None when _joiningLive:
                // Akka replaces the join under way. With this node first it asks every other for the seed-node timeout and starts
                // the cluster only if none lets it in: a cluster whose beats stalled, not died, still takes it.
                Start([_cluster.SelfAddress, .. _joiningThrough.Union(_otherSeeds).Union(_everHeard)],
                    "the live cluster on this journal fell silent before it let this node in; as the first seed node this node may start the cluster");
                break;
            case Liveness.None when _answered is { } seed:
                Start(Starting(), $"seed node {seed} writes to this node's journal {_own.Id}");
                break;
            case Liveness.None when _startAloneDue:
                Start(Starting(), _otherSeeds.Count == 0
                    ? "no other seed node, and no other member is live on this journal"
                    : $"no other seed node answered within {_cluster.Settings.SeedNodeTimeout} and no member is live on this journal; as the first seed node this node may start the cluster");
                break;
        }
    }

    /// <summary>
    /// Through the other seeds and every live member that said it writes to this journal: without
    /// this node among them Akka never starts a cluster of its own, it retries them until one lets
    /// it in. Joined again through more as more confirm; the gate reads on until this node is Up,
    /// in case that cluster dies first.
    /// </summary>
    private void JoinLive()
    {
        var through = _otherSeeds.Concat(_confirmed.Where(_heardLive.Contains)).Distinct().ToList();
        if (through.Count == 0 && !_toldUnconfirmed)
        {
            _toldUnconfirmed = true;
            _log.Info("A cluster is live on this journal ({0}); waiting for one of its members ({1}) to say it writes to this journal before " +
                      "joining through it", LiveCluster.Latest(_heard!), string.Join(", ", _heardLive));
        }

        if (through.Count == 0 || through.All(_joiningThrough.Contains))
            return;
        _log.Info("Joining {0}: a cluster is live on this journal ({1}); this node only joins it, never starts a second one on the same journal " +
                  "while it is live", string.Join(", ", through), LiveCluster.Latest(_heard!));
        _cluster.JoinSeedNodes(through);
        _joiningThrough = through.Union(_joiningThrough).ToList();
        if (_joiningLive)
            return;
        _joiningLive = true;
        var gate = Self;
        _cluster.RegisterOnMemberUp(() => gate.Tell(Joined.Instance));
    }

    /// <summary>
    /// This node first, then the other seeds and every member the table named: Akka's first seed
    /// asks them all for the seed-node timeout before it starts the cluster, so a member whose beats
    /// stalled still takes it in. A node without seeds that heard no one joins itself.
    /// </summary>
    private IReadOnlyList<Address> Starting() =>
        _seeds.Count == 0 && _everHeard.Count == 0 ? [] : [_cluster.SelfAddress, .. _otherSeeds.Union(_everHeard)];

    /// <summary>
    /// Joins with this node first, so Akka may start the cluster here, once the table records
    /// this node's claim to start it: a node that found no live member at the same moment as
    /// another (two nodes without seeds, the first seeds of two seed lists) would otherwise start
    /// a second cluster. A claim refused means another node was heard since this node's last read;
    /// the next reads find that cluster live. A table this node may not use has no claims.
    /// </summary>
    private void Start(IReadOnlyList<Address> seeds, string why)
    {
        if (_askingSince is null || _claimsUnusable)
        {
            Join(seeds, why);
            return;
        }

        if (_claiming)
            return;
        _claiming = true;
        var (self, incarnation) = (_cluster.SelfAddress.ToString(), _cluster.SelfUniqueAddress.Uid);
        Task.Run(() => _members.Claim(self, incarnation, LiveCluster.Silence))
            .PipeTo(Self, success: claimed => new ClaimAnswered(claimed, seeds, why), failure: e => new ClaimFailed(e));
    }

    private void Answered(ClaimAnswered answer)
    {
        _claiming = false;
        // A read meanwhile found a cluster live: this node joins it, and its claim falls silent.
        if (answer.Claimed && _liveness != Liveness.Live)
        {
            // Its beats until it is Up, which a slow start may take longer than the silence to be: the claim stays live.
            Context.ActorSelection(Self.Path.Root / "user" / MemberHeartbeat.Name).Tell(MemberHeartbeat.Starting.Instance);
            Join(answer.Seeds, answer.Why);
            return;
        }

        if (answer.Claimed || _liveness == Liveness.Live)
            return;
        _liveness = Liveness.Unsure;
        _log.Info("Not starting the cluster: another node has claimed to start it on this journal since this node last read; " +
                  "reading which is live");
        ReadMembers();
    }

    /// <summary>
    /// A claim that failed: tried again at the next read, unless this node may never write the
    /// table (no right to write it, or none), when it decides without a claim, as without the table.
    /// </summary>
    private void FailedToClaim(Exception cause)
    {
        _claiming = false;
        if (_members.Unusable(cause))
        {
            _claimsUnusable = true;
            _log.Error("This node may not claim in the journal's member table to start the cluster ({0}): starting without a claim, which " +
                       "may start a second cluster on this journal if another node starts at the same moment (README, One cluster, one journal)",
                cause.GetBaseException().Message);
            Proceed();
            return;
        }

        if (_failedClaims++ % AttemptsBetweenWarnings == 0)
            _log.Warning("Could not claim in the journal's member table to start the cluster ({0}); trying again", cause.GetBaseException().Message);
        Timers.StartSingleTimer(nameof(ReadBeats), ReadBeats.Instance, ReadInterval);
    }

    private void Join(IReadOnlyList<Address> seeds, string why)
    {
        if (seeds.Count == 0)
        {
            _log.Info("Joining itself: {0}", why);
            _cluster.Join(_cluster.SelfAddress);
        }
        else
        {
            _log.Info("Joining seed nodes {0}: {1}", string.Join(", ", seeds), why);
            _cluster.JoinSeedNodes(seeds);
        }

        Decided();
    }

    /// <summary>Answers to the earlier questions are still on their way: they change nothing.</summary>
    private void Decided()
    {
        Timers.CancelAll();
        Become(() => ReceiveAny(_ => { }));
    }

    private enum Entry
    {
        Unwritten,
        Writing,
        Written,
        Impossible,
    }

    private sealed class EntryWritten
    {
        public static readonly EntryWritten Instance = new();
    }

    private sealed record EntryFailed(Exception Cause);

    private sealed class AskAgain
    {
        public static readonly AskAgain Instance = new();
    }

    private sealed class StartAlone
    {
        public static readonly StartAlone Instance = new();
    }

    private sealed class ReadBeats
    {
        public static readonly ReadBeats Instance = new();
    }

    private sealed record ClaimAnswered(bool Claimed, IReadOnlyList<Address> Seeds, string Why);

    private sealed record ClaimFailed(Exception Cause);

    private sealed class Joined
    {
        public static readonly Joined Instance = new();
    }

    private sealed class GiveUp
    {
        public static readonly GiveUp Instance = new();
    }
}
