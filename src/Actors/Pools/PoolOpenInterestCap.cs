using LeverageActors.Messages.Markets;

namespace LeverageActors.Actors.Pools;

/// <summary>
/// The most open interest one side may carry against its pool: a share of the pool's value
/// (<see cref="MarketParameters.PoolOpenInterestShareInForce"/>), besides the market's absolute cap,
/// so a thin pool cannot be made to back a position it cannot pay (JELLY, POPCAT, dYdX YFI).
/// The value is the pool's without traders' PnL (<see cref="PoolState.Value"/> with no price:
/// assets plus the LPs' part of accrued interest). That is deterministic and O(1) per open, where
/// valuing the book at the entry price walks every reservation on the hot path. Leaving PnL out is
/// the conservative side both ways: traders' losses are not the LPs' money until a settlement
/// collects them, so they never widen the cap; traders' gains are already bounded per position by
/// what it reserved, and the utilization cap keeps the reservations within the assets.
/// </summary>
public static class PoolOpenInterestCap
{
    public static decimal Of(PoolState pool, MarketParameters p) => pool.Value(null) * p.PoolOpenInterestShareInForce();
}
