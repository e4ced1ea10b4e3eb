using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Membership;

namespace LeverageActors.Actors.Membership;

/// <summary>
/// On every node: answers joiners which journal this cluster writes to, and watches membership
/// for a member on another journal that got in anyway (a node that skipped the
/// <see cref="JoinGate"/>, or seeds of two clusters). Of such a pair the older member stays: it
/// downs the newcomer as soon as the join shows its role, while it is Joining and before it can
/// host a shard (the coordinator gives shards to Up members only); a node that finds itself the
/// newcomer stops with <see cref="JournalMismatch"/>.
/// <para>
/// A joiner whose journal has this cluster's id is told it writes to the same journal only once its
/// entry (<see cref="GetJournalId.Entered"/>) is found in this node's own database: a copy keeps
/// the id. A read that fails is not answered (the joiner asks again each second).
/// </para>
/// <para>
/// Members on this journal must also share its <see cref="SharedSettings"/>: every answer carries
/// this node's. A member whose role shows another fingerprint is asked for its settings, and put
/// out the same way once one of them differs by name (a fingerprint alone also differs for a build
/// with a new parameter); a member of a build before the check, without the role, is let be.
/// </para>
/// </summary>
public sealed class JournalGuard : ReceiveActor, IWithTimers
{
    public const string Name = "journal-guard";
    private static readonly TimeSpan AskSettingsEvery = TimeSpan.FromMilliseconds(500);

    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly OwnJournal _own;
    private readonly SharedSettings _settings;
    // Membership as this actor's own events say, not the cluster's read view, which may lag them.
    private readonly Dictionary<UniqueAddress, Member> _members = [];
    private readonly HashSet<UniqueAddress> _refused = [];
    // Members whose fingerprint is not this node's: what differs by name, once they answered.
    private readonly Dictionary<Address, IReadOnlyList<SettingDifference>> _differing = [];
    private readonly HashSet<Address> _warnedAskers = [];
    private readonly IClusterMemberTable _table;
    private int _failedLooks;

    public JournalGuard(OwnJournal own, IClusterMemberTable table, SharedSettings settings)
    {
        _own = own;
        _settings = settings;
        _table = table;

        Receive<GetJournalId>(question =>
        {
            if (question.Joining != _own.Id)
            {
                if (_warnedAskers.Add(Sender.Path.Address))
                    _log.Warning("Node {0} with journal id {1} asked to join; this cluster's journal id is {2}: it will refuse to join ({3})",
                        Sender.Path.Address, question.Joining, _own.Id, _own.LikelyCause);
                Sender.Tell(Answer());
                return;
            }

            if (question.Entered is not { } entry)
            {
                if (_warnedAskers.Add(Sender.Path.Address))
                    _log.Warning("Node {0} asked to join without an entry in its journal's member table (a node before this check, or one that " +
                                 "may not write the table): whether it writes to this database or to a copy of it cannot be checked", Sender.Path.Address);
                Sender.Tell(Answer());
                return;
            }

            var asker = Sender;
            Task.Run(() => _table.Holds(entry.Address, entry.Incarnation))
                .PipeTo(Self, success: held => new Looked(asker, entry, held), failure: e => new LookFailed(asker, e));
        });
        Receive<Looked>(looked =>
        {
            if (!looked.Held && _warnedAskers.Add(looked.Asker.Path.Address))
                _log.Warning("Node {0} asked to join with this cluster's journal id {1}, but its entry is not in this database: it writes to a copy " +
                             "of the journal, and will refuse to join", looked.Entry.Address, _own.Id);
            looked.Asker.Tell(Answer() with { EntryMissing = !looked.Held });
        });
        Receive<LookFailed>(failed =>
        {
            if (_table.Unusable(failed.Cause))
            {
                if (_warnedAskers.Add(failed.Asker.Path.Address))
                    _log.Warning("This node may not read the journal's member table ({0}): node {1} is let in without checking that it writes to " +
                                 "this database rather than a copy of it", failed.Cause.GetBaseException().Message, failed.Asker.Path.Address);
                failed.Asker.Tell(Answer());
            }
            else if (_failedLooks++ % 10 == 0)
            {
                _log.Warning("Could not read the journal's member table to answer node {0} ({1}); it will ask again",
                    failed.Asker.Path.Address, failed.Cause.GetBaseException().Message);
            }
        });
        Receive<GetSharedSettings>(_ => Sender.Tell(new SharedSettingsResponse(_settings.Values)));
        Receive<AskSettingsAgain>(_ => Judge());
        Receive<SharedSettingsResponse>(answer =>
        {
            _differing[Sender.Path.Address] = _settings.Differences(answer.Settings);
            Judge();
        });
        Receive<ClusterEvent.IMemberEvent>(change =>
        {
            if (change is ClusterEvent.MemberRemoved)
            {
                _members.Remove(change.Member.UniqueAddress);
                _differing.Remove(change.Member.Address);
            }
            else
                _members[change.Member.UniqueAddress] = change.Member;
            Judge();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private JournalIdResponse Answer() => new(_own.Id) { Settings = _settings.Values };

    private void Judge()
    {
        if (!_members.TryGetValue(_cluster.SelfUniqueAddress, out var self))
            return;

        foreach (var member in _members.Values)
        {
            if (member == self || _refused.Contains(member.UniqueAddress))
                continue;
            var journal = JournalRole.Read(member.Roles);
            var settings = SharedSettings.FingerprintIn(member.Roles);
            var otherJournal = journal != _own.Id;
            if (!otherJournal && (settings is null || settings == _settings.Fingerprint))
                continue;
            if (!otherJournal && !_differing.ContainsKey(member.Address))
            {
                // Asked again until it answers: an ask before its guard started is lost, and membership may not change again.
                Context.ActorSelection(new RootActorPath(member.Address) / "user" / Name).Tell(GetSharedSettings.Instance);
                if (!Timers.IsTimerActive(nameof(AskSettingsAgain)))
                    Timers.StartSingleTimer(nameof(AskSettingsAgain), AskSettingsAgain.Instance, AskSettingsEvery);
                continue;
            }

            if (!otherJournal && _differing[member.Address] is not { Count: > 0 })
                continue;

            if (self.Status == MemberStatus.Up && self.IsOlderThan(member))
            {
                _refused.Add(member.UniqueAddress);
                if (otherJournal)
                    _log.Warning("Downing member {0}: its journal id is {1}, this cluster's is {2} ({3})",
                        member.Address, Named(journal), _own.Id, _own.LikelyCause);
                else
                    _log.Warning("Downing member {0}: it runs with other settings than this cluster's: {1}",
                        member.Address, string.Join("; ", _differing[member.Address]));
                _cluster.Down(member.Address);
            }
            else if (member.Status == MemberStatus.Up && member.IsOlderThan(self))
            {
                _refused.Add(member.UniqueAddress);
                JoinRefusal refusal = otherJournal
                    ? new JournalMismatch(_own, journal, member.Address)
                    : new SettingsMismatch(member.Address, _settings.Fingerprint, settings, _differing[member.Address]);
                _log.Error("Leaving: {0}", refusal.Explanation);
                CoordinatedShutdown.Get(Context.System).Run(refusal);
            }
        }
    }

    private static string Named(JournalId? journal) => journal?.Value ?? "missing";

    private sealed class AskSettingsAgain
    {
        public static readonly AskSettingsAgain Instance = new();
    }

    private sealed record Looked(IActorRef Asker, MemberEntry Entry, bool Held);

    private sealed record LookFailed(IActorRef Asker, Exception Cause);
}
