using LeverageActors.Actors.Pools;
using LeverageActors.Actors.Positions;
using LeverageActors.Actors.Positions.Operations;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// A pool may forget its answer to a settlement only once the position has recorded that answer:
/// a position still waiting would ask again and find nothing, and a partial one could be settled
/// twice. The risk index tells the pool only what it read in the journal, so the position's record
/// precedes the pool's event; an edited row, or a pool that forgot too early, breaks this. The
/// event forgets only answers the pool kept, at the time it had accrued to: a later time would add
/// an accrual point to a record that moves no money.
/// </summary>
public static class ForgottenSettlementRule
{
    public static AuditFinding? Check(SettlementsForgotten e, PoolState pool, Func<PositionId, PositionState> positionOf)
    {
        if (pool.Borrowing.LastAccrual is not { } accrued || e.At != accrued)
            return new AuditFinding("settlement-forgotten", $"forgotten at the time the pool had accrued to ({pool.Borrowing.LastAccrual:O})", $"{e.At:O}");
        foreach (var (id, number) in e.Settlements.Select(s => (s.PositionId, s.Number)))
        {
            if (!pool.Settlements.ContainsKey((id, number)))
                return new AuditFinding("settlement-forgotten", $"settlement {number} of {id} kept by the pool", "no such answer kept");
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
