using Akka.Actor;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Membership;

/// <summary>
/// Why a node stopped instead of joining: the cluster it reached writes to another journal. The
/// command line reports <see cref="Explanation"/> as its one error line.
/// </summary>
public sealed class JournalMismatch(OwnJournal own, JournalId? clusterJournal, Address clusterNode) : CoordinatedShutdown.Reason
{
    /// <summary>The command line's code for a setting an operator got wrong.</summary>
    public override int ExitCode => 2;

    public JournalId OwnJournal => own.Id;

    public JournalId? ClusterJournal => clusterJournal;

    public Address ClusterNode => clusterNode;

    public string Explanation =>
        $"refused to join the cluster of {clusterNode}: its journal id is {clusterJournal?.Value ?? "missing (a node without journal ids)"}, "
        + $"this node's journal ({own.Description}) has id {own.Id}; {own.LikelyCause}";

    public override string ToString() => Explanation;
}
