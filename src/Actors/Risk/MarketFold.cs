using LeverageActors.Actors.Pools;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Actors.Risk;

/// <summary>
/// One market's open positions and its pool's lending, folded from the market's journal: what its
/// risk index and its auto-deleveraging both read. The node folds it once per market, in the risk
/// index, which runs the auto-deleveraging too: two folds of the same journal held every open
/// position and every loan twice (~340 B a position, docs/BENCHMARKS.md).
/// </summary>
public sealed class MarketFold
{
    public WatchedPositions Open { get; } = new();

    /// <summary>The pool as far as thresholds and the PnL factor need it: assets, loans and the borrow index.</summary>
    public Borrowing Pool { get; private set; } = Borrowing.Initial;

    /// <summary>
    /// A loan is kept under the id its position's fold already holds (its open request precedes the
    /// pool's reservation in the journal): one decoded id string per position, not two (~37 B).
    /// </summary>
    public void Apply(IPoolEvent evt) =>
        Pool = Pool.Apply(evt is LiquidityReserved r && Open.Find(r.PositionId) is { } position ? r with { PositionId = position.Id } : evt);
}
