using LeverageActors.Actors.Pools;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Invariants;

/// <summary>
/// Two views of one fact: what a pool records of each open position (quantity, reserved,
/// collateral, pending price impact, funding index at open) and what the position records of itself must be the same, once no message is in
/// flight between them. The pool prices LP shares on its record, so a difference is money an LP
/// could take or lose (a partial liquidation once left them 321.64 apart).
/// </summary>
public static class ReservationsAgree
{
    public static IEnumerable<string> Check(IEnumerable<PositionState> positions, IEnumerable<PoolState> pools)
    {
        var byMarket = pools.ToDictionary(p => p.Market);
        foreach (var position in positions)
        {
            if (position.Status != PositionStatus.Open || position.Outbox.Count > 0)
                continue;
            if (!byMarket.TryGetValue(position.Market, out var pool) || !pool.Reservations.TryGetValue(position.Id, out var r))
            {
                yield return $"position {position.Id} is open but pool {position.Market} backs no such position";
                continue;
            }

            if (r.Quantity != position.Quantity || r.Reserved != position.Reserved || r.Collateral != position.Collateral)
                yield return $"position {position.Id}: pool records quantity {r.Quantity}, reserved {r.Reserved}, collateral {r.Collateral}; " +
                             $"the position {position.Quantity}, {position.Reserved}, {position.Collateral}";
            if (r.PendingImpact != position.PendingImpact)
                yield return $"position {position.Id}: pool records pending impact {r.PendingImpact}, the position {position.PendingImpact}";
            if (r.FundingIndex != position.FundingIndexAtOpen)
                yield return $"position {position.Id}: pool records funding index {r.FundingIndex} at open, the position {position.FundingIndexAtOpen}";
        }
    }
}
