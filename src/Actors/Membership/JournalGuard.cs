using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
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
/// </summary>
public sealed class JournalGuard : ReceiveActor
{
    public const string Name = "journal-guard";

    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly OwnJournal _own;
    // Membership as this actor's own events say, not the cluster's read view, which may lag them.
    private readonly Dictionary<UniqueAddress, Member> _members = [];
    private readonly HashSet<UniqueAddress> _refused = [];
    private readonly HashSet<Address> _warnedAskers = [];

    public JournalGuard(OwnJournal own)
    {
        _own = own;

        Receive<GetJournalId>(question =>
        {
            if (question.Joining != _own.Id && _warnedAskers.Add(Sender.Path.Address))
                _log.Warning("Node {0} with journal id {1} asked to join; this cluster's journal id is {2}: it will refuse to join ({3})",
                    Sender.Path.Address, question.Joining, _own.Id, _own.LikelyCause);
            Sender.Tell(new JournalIdResponse(_own.Id));
        });
        Receive<ClusterEvent.IMemberEvent>(change =>
        {
            if (change is ClusterEvent.MemberRemoved)
                _members.Remove(change.Member.UniqueAddress);
            else
                _members[change.Member.UniqueAddress] = change.Member;
            Judge();
        });
    }

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Judge()
    {
        if (!_members.TryGetValue(_cluster.SelfUniqueAddress, out var self))
            return;

        foreach (var member in _members.Values)
        {
            var journal = JournalRole.Read(member.Roles);
            if (member == self || journal == _own.Id || _refused.Contains(member.UniqueAddress))
                continue;

            if (self.Status == MemberStatus.Up && self.IsOlderThan(member))
            {
                _refused.Add(member.UniqueAddress);
                _log.Warning("Downing member {0}: its journal id is {1}, this cluster's is {2} ({3})",
                    member.Address, Named(journal), _own.Id, _own.LikelyCause);
                _cluster.Down(member.Address);
            }
            else if (member.Status == MemberStatus.Up && member.IsOlderThan(self))
            {
                _refused.Add(member.UniqueAddress);
                var refusal = new JournalMismatch(_own, journal, member.Address);
                _log.Error("Leaving: {0}", refusal.Explanation);
                CoordinatedShutdown.Get(Context.System).Run(refusal);
            }
        }
    }

    private static string Named(JournalId? journal) => journal?.Value ?? "missing";
}
