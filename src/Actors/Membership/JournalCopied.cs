using Akka.Actor;

namespace LeverageActors.Actors.Membership;

/// <summary>
/// Why a node stopped instead of joining: its journal has the cluster's id, but the row it wrote
/// into its own journal's member table is not in the cluster's database. It writes to a copy (a
/// backup restored, a replica promoted, a file copied), whose entities would recover the balances
/// of the day it was copied and spend them a second time.
/// </summary>
public sealed class JournalCopied(OwnJournal own, Address clusterNode) : JoinRefusal
{
    public Address ClusterNode => clusterNode;

    public override string Explanation =>
        $"refused to join the cluster of {clusterNode}: this node's journal ({own.Description}) has the cluster's journal id {own.Id}, "
        + "but is another database: the entry this node wrote to it is not in that seed's. One of the two is a copy of the journal (a "
        + "backup restored, a replica promoted, a file copied), and a copy must not join the cluster it was copied from: its entities would "
        + "recover older balances. Point this node, or that seed, at the cluster's database";
}
