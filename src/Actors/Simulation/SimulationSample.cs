namespace LeverageActors.Actors.Simulation;

/// <summary>
/// One row of a run's time series. Each side's equity and the maintenance requirement are the
/// pool's side books valued at the market price: collateral + PnL (a side's profit capped at what
/// the pool reserved for it, its loss not floored, so equity below zero is bad debt in the making)
/// and notional × maintenance rate.
/// <c>Liquidations</c> counts those since the previous row; money columns are running totals.
/// </summary>
public sealed record SimulationSample(
    DateTimeOffset Time,
    decimal MarketPrice,
    decimal? OraclePrice,
    int OpenPositions,
    decimal OpenInterest,
    decimal LongEquity,
    decimal ShortEquity,
    decimal MaintenanceRequirement,
    int Liquidations,
    decimal BadDebt,
    decimal InsuranceFund,
    decimal PoolValue,
    decimal SharePrice);
