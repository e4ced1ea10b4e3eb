using LeverageActors.Actors.Positions;
using LeverageActors.Actors.Positions.Operations;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// A pool may forget its answer to a settlement only once the position has recorded that answer:
/// a position still waiting would ask again and find nothing, and a partial one could be settled
/// twice. The position's record precedes the pool's event in the journal, since the position says
/// so only after its own write; an edited row, or a pool that forgot too early, breaks this.
/// </summary>
public static class ForgottenSettlementRule
{
    public static AuditFinding? Check(SettlementsForgotten e, Func<Messages.Ids.PositionId, PositionState> positionOf)
    {
        foreach (var (id, number) in e.Settlements.Select(s => (s.PositionId, s.Number)))
        {
            var position = positionOf(id);
            if (position.SettlementCount < number || Pending(position, number))
                return new AuditFinding("settlement-forgotten", $"settlement {number} of {id} recorded by the position before the pool forgot it",
                    position.SettlementCount < number ? "the position never asked for it" : "the position was still waiting for it");
        }

        return null;
    }

    private static bool Pending(PositionState position, int number) =>
        position.Operation<Settling>()?.Requested.Number == number
        || position.Operation<Liquidating>()?.Started.Number == number
        || position.Operation<CrossLiquidating>()?.Started.Number == number;
}
