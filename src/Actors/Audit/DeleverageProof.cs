using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// Why an auto-deleveraging reduction was allowed and why this position: at the round's oracle price
/// the pool's PnL factor was above its limit (or the LPs' loss trigger fired: <c>LpLoss</c>), and the position's score, recomputed from its own
/// holding, places it at its rank in the round.
/// </summary>
public sealed record DeleverageProof(
    PositionId Position,
    MarketId Market,
    long Round,
    int Rank,
    decimal Price,
    decimal Score,
    decimal Factor,
    decimal MaxPnlFactor,
    decimal Fraction,
    DateTimeOffset At,
    LpLossTrigger? LpLoss = null,
    decimal PoolValue = 0)
{
    /// <summary>The PnL factor above its limit, or, for a round the LPs' loss started, that trigger fired.</summary>
    public bool Triggered => LpLoss is { } loss ? loss.Fired(PoolValue) : Factor > MaxPnlFactor;
}
