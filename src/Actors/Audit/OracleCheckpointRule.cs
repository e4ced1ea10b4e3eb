using LeverageActors.Actors.Oracles;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// A checkpoint hashes the state the audit's own replay of the oracle gives at that point: a node
/// recovers the oracle from the snapshot the checkpoint vouches for, so a checkpoint edited into the
/// journal together with a forged snapshot would otherwise stand for a state no event made.
/// </summary>
public static class OracleCheckpointRule
{
    public static AuditFinding? Check(OracleCheckpointed recorded, OracleState? before)
    {
        var hash = before is null ? "none (no oracle state)" : OracleCheckpoints.Hash(before);
        return hash == recorded.StateHash
            ? null
            : new AuditFinding("oracle-checkpoint", $"the replayed oracle's state, hash {hash}", $"hash {recorded.StateHash}");
    }
}
