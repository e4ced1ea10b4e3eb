namespace LeverageActors.Actors.Membership;

/// <summary>
/// Why a node without seed nodes stopped instead of starting a cluster: another cluster is live
/// on its journal, and two clusters on one journal would each run an incarnation of every entity.
/// </summary>
public sealed class ClusterLiveOnJournal(OwnJournal own, string heard) : JoinRefusal
{
    public override string Explanation =>
        $"did not start a cluster: another cluster is live on this node's journal ({own.Description}, id {own.Id}): {heard}; "
        + "give this node that cluster's seed nodes (--seed) to join it, or stop that cluster first";
}
