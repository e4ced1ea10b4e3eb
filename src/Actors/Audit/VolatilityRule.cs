using LeverageActors.Actors.Oracles;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// A recorded volatility is the one the oracle's own fold of its accepted prices gives at that
/// point: the margin that will rest on it cannot be justified by a number edited into the journal.
/// </summary>
public static class VolatilityRule
{
    public static AuditFinding? Check(VolatilityUpdated recorded, OracleState? before)
    {
        var tracker = before?.Volatility;
        return tracker is { Variance: { } variance, Sigma: { } sigma } && variance == recorded.Variance && sigma == recorded.Sigma
               && tracker.Samples == recorded.Samples && before!.Sequence == recorded.PriceSequence
            ? null
            : new AuditFinding("volatility-recomputed",
                $"variance {tracker?.Variance?.ToString() ?? "none"} from {tracker?.Samples ?? 0} returns up to price #{before?.Sequence ?? 0}",
                $"variance {recorded.Variance} from {recorded.Samples} returns up to price #{recorded.PriceSequence}");
    }
}
