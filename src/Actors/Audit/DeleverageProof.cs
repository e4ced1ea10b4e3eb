using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// Why an auto-deleveraging reduction was allowed and why this position: at the round's oracle price
/// the pool's PnL factor was above its limit, and the position's score, recomputed from its own
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
    DateTimeOffset At)
{
    public bool Triggered => Factor > MaxPnlFactor;
}
