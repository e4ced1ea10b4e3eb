using Akka.Actor;

namespace LeverageActors.Actors.Membership;

/// <summary>
/// Why a node stopped instead of joining, or left: a member of the cluster runs with other shared
/// settings (<see cref="SharedSettings"/>). Named one by one when the member said its values (the
/// join check); by fingerprint when only its role shows them (a member that got in anyway).
/// </summary>
public sealed class SettingsMismatch(Address clusterNode, string ownFingerprint, string? clusterFingerprint, IReadOnlyList<SettingDifference> differences)
    : JoinRefusal
{
    /// <summary>How many differences the explanation names; the rest are counted.</summary>
    private const int Named = 10;

    public Address ClusterNode => clusterNode;

    public IReadOnlyList<SettingDifference> Differences => differences;

    public override string Explanation =>
        $"refused to run in the cluster of {clusterNode}: every node of a cluster must share its markets, collateral, cross-margin, liquidation "
        + "and execution settings, and "
        + (differences.Count == 0
            ? $"that node's settings fingerprint is {clusterFingerprint ?? "missing"}, this node's {ownFingerprint}"
            : $"{differences.Count} {(differences.Count == 1 ? "differs" : "differ")}: {string.Join("; ", differences.Take(Named))}"
              + (differences.Count > Named ? $"; and {differences.Count - Named} more" : ""))
        + ". Give every node the same configuration (README, One cluster, one journal)";
}
