namespace LeverageActors.Messages.Assets;

/// <summary>
/// How a collateral asset counts and how much of it the exchange takes. Weights are fractions of the
/// oracle value (Drift's asset weights): <c>InitialWeight</c> for opening and withdrawing, the more
/// lenient <c>MaintenanceWeight</c> for liquidation; 0 &lt; initial ≤ maintenance ≤ 1.
/// <c>DepositCap</c> is the most of the asset all accounts together may hold, in units of the asset.
/// Today the weights are configuration only: cross margin will value collateral with them.
/// </summary>
public sealed record CollateralParameters(
    decimal InitialWeight = 0.5m,
    decimal MaintenanceWeight = 0.6m,
    decimal DepositCap = 1_000_000m)
{
    /// <summary>What <see cref="LiquidationBonus"/> means when unset: Aave's 5%.</summary>
    public const decimal DefaultLiquidationBonus = 0.05m;

    /// <summary>
    /// The discount a liquidator buys the asset at from a liquidated cross account: it pays the oracle
    /// price × (1 − bonus). Unset (and then not written) means <see cref="DefaultLiquidationBonus"/>;
    /// read it through <see cref="BonusInForce"/>.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public decimal? LiquidationBonus { get; init; }

    public decimal BonusInForce() => LiquidationBonus ?? DefaultLiquidationBonus;

    /// <summary>USD: counted at face value, no cap (its deposits never pass through a ledger).</summary>
    public static CollateralParameters Settlement { get; } = new(1m, 1m, decimal.MaxValue);
}
