using Akka.Actor;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Membership;

/// <summary>Why a node stopped instead of joining: the cluster it reached writes to another journal.</summary>
public sealed class JournalMismatch(OwnJournal own, JournalId? clusterJournal, Address clusterNode) : JoinRefusal
{
    public JournalId OwnJournal => own.Id;

    public JournalId? ClusterJournal => clusterJournal;

    public Address ClusterNode => clusterNode;

    public override string Explanation =>
        $"refused to join the cluster of {clusterNode}: its journal id is {clusterJournal?.Value ?? "missing (a node without journal ids)"}, "
        + $"this node's journal ({own.Description}) has id {own.Id}; {own.LikelyCause}";
}
