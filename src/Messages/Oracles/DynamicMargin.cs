using System.Text.Json.Serialization;

namespace LeverageActors.Messages.Oracles;

/// <summary>
/// A market's dynamic maintenance margin (issue 17): mmr = max(mmr_base, min(z·σ·√horizon, ceiling)), σ the
/// recorded volatility per √second, horizon = the oracle's <see cref="OracleParameters.Latency"/> +
/// <see cref="LiquidationDelay"/>; initial margin keeps the base ratio imr_base / mmr_base. A change
/// is recorded when maintenance moves by <see cref="MinChange"/> (relative). A rise is enforced
/// for liquidation only after <see cref="Grace"/> (unset: one horizon). The base rates are copied
/// from the market's parameters when the market is configured, so the oracle's first event holds
/// every input of the requirement and a replay never reads today's configuration.
/// </summary>
public sealed record DynamicMargin
{
    /// <summary>
    /// Standard deviations of the move over the horizon the maintenance margin covers: 3 is 99.87%
    /// of a normal move; crypto returns have fat tails, so 3σ is about the 99% a Kupiec backtest checks.
    /// </summary>
    public decimal Z { get; init; } = 3m;

    /// <summary>
    /// How long after a price a liquidation may still act on it: the oracle's default 60 s
    /// staleness limit (<see cref="OracleParameters.StaleAfter"/>), the oldest price a liquidator may use.
    /// </summary>
    public TimeSpan LiquidationDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a rise waits before it can liquidate anyone; null is one horizon.</summary>
    public TimeSpan? Grace { get; init; }

    /// <summary>The relative move of maintenance that is recorded (10%, as for volatility).</summary>
    public decimal MinChange { get; init; } = 0.10m;

    /// <summary>The market's fixed maintenance rate: the floor.</summary>
    public decimal MaintenanceBase { get; init; } = 0.01m;

    /// <summary>The market's fixed initial rate (1 / max leverage).</summary>
    public decimal InitialBase { get; init; } = 0.02m;

    /// <summary>
    /// The highest maintenance the volatility can require; null (and not written) is none. However the
    /// estimate goes wrong, positions up to 1 / ceiling leverage are never liquidated for it.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? MaintenanceCeiling { get; init; }

    /// <summary>Warnings and early deleverage (item 3); null is <see cref="PredictiveLiquidation.Default"/>. Left out of a record without it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PredictiveLiquidation? Predictive { get; init; }

    [JsonIgnore]
    public PredictiveLiquidation PredictiveInForce => Predictive ?? PredictiveLiquidation.Default;

    public TimeSpan Horizon(TimeSpan oracleLatency) => oracleLatency + LiquidationDelay;

    public TimeSpan GraceFor(TimeSpan oracleLatency) => Grace ?? Horizon(oracleLatency);
}
