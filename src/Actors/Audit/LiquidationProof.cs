using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// Why a liquidation was allowed: at the oracle price it ran at, equity was below maintenance, at
/// <c>MaintenanceRate</c>, the rate in force then (the position's own, or the market's dynamic requirement).
/// </summary>
public sealed record LiquidationProof(
    PositionId Position,
    MarketId Market,
    int Breach,
    decimal BreachPrice,
    long OraclePriceSequence,
    decimal LiquidationPrice,
    decimal Equity,
    decimal Maintenance,
    decimal Fraction,
    DateTimeOffset At,
    decimal MaintenanceRate = 0)
{
    public bool Justified => Equity < Maintenance;
}
