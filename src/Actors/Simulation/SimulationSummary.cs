namespace LeverageActors.Actors.Simulation;

/// <summary>What a run produced: the numbers a risk engineer compares between designs.</summary>
public sealed record SimulationSummary
{
    public required string Engine { get; init; }
    public required string Market { get; init; }
    public required string Prices { get; init; }
    public required DateTimeOffset Start { get; init; }
    public required DateTimeOffset End { get; init; }
    public required int PricePoints { get; init; }
    public required long OraclePrices { get; init; }
    public required RunSettings Settings { get; init; }

    public required int Traders { get; init; }
    public required int PositionsOpened { get; init; }
    public required IReadOnlyDictionary<string, int> OpensRefused { get; init; }
    public required int Providers { get; init; }
    public required decimal Liquidity { get; init; }

    public required int Breaches { get; init; }
    public required int BreachesCleared { get; init; }
    public required int FullLiquidations { get; init; }
    public required int PartialLiquidations { get; init; }
    /// <summary>Predictive warnings (<c>PositionAtRisk</c>, issue 17): each crossing below the warning level once.</summary>
    public required int Warnings { get; init; }
    /// <summary>Predictive early deleverages (<c>EarlyDeleverageStarted</c>, issue 17).</summary>
    public required int EarlyDeleverages { get; init; }
    /// <summary>Notional the early deleverages closed, at their oracle prices.</summary>
    public required decimal EarlyDeleveragedNotional { get; init; }
    /// <summary>Auto-deleveraging reductions (<c>AutoDeleverageStarted</c>, issue 17).</summary>
    public required int AdlReductions { get; init; }
    public required int LiquidationsOutstanding { get; init; }
    public required int StopLosses { get; init; }
    public required int TopUps { get; init; }
    public required int ProviderWithdrawals { get; init; }
    /// <summary>LP requests the pool refused (withdrawals and deposits), paused ones included.</summary>
    public required int ProviderWithdrawalsRefused { get; init; }
    /// <summary>Withdrawal attempts paused by an unresolved breach or a halt; the provider asked again at the next price.</summary>
    public required int ProviderWithdrawalsPaused { get; init; }

    public required decimal PeakOpenInterest { get; init; }
    public required decimal BadDebt { get; init; }
    /// <summary>Bad debt as a percentage (not a fraction) of the peak open interest at entry prices.</summary>
    public required decimal BadDebtPercent { get; init; }
    /// <summary>Notional of every position opened in the run, at entry prices (the paper model's "open interest").</summary>
    public required decimal OpenedNotional { get; init; }
    /// <summary>Losses beyond the positions' collateral, before the insurance fund covered part of them.</summary>
    public required decimal Shortfall { get; init; }
    /// <summary>Shortfall as a percentage of the notional opened: comparable with models that have no insurance fund.</summary>
    public required decimal ShortfallPercentOfOpened { get; init; }
    public required decimal InsuranceUsed { get; init; }
    public required decimal InsuranceFund { get; init; }
    public required decimal LpPnl { get; init; }
    public required decimal OpenFees { get; init; }
    public required decimal CloseFees { get; init; }
    /// <summary>Price impact (issue 18) the settlements charged less what they rebated; 0 with the feature off.</summary>
    public decimal Impact { get; init; }
    /// <summary>What the market's impact pool holds at the end: the impact charged and not yet rebated.</summary>
    public decimal ImpactPool { get; init; }
    public required decimal Interest { get; init; }
    /// <summary>What traders lost to liquidation penalties (liquidators' rewards included).</summary>
    public required decimal Penalties { get; init; }
    public required decimal LiquidatorRewards { get; init; }
    /// <summary>Funding the crowded side paid, and what the other side received (issue 18); left out when funding is off.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal FundingPaid { get; init; }
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal FundingReceived { get; init; }
    /// <summary>Largest fall of the LP share price from a peak, as a percentage.</summary>
    public required decimal WorstPoolDrawdownPercent { get; init; }

    /// <summary>Traders × prices of the path: the work a naive engine would do.</summary>
    public required long TraderPriceSteps { get; init; }
    public required double WallSeconds { get; init; }
    /// <summary>DESIGN §4 invariants after the run; empty when the books balance.</summary>
    public required IReadOnlyList<string> InvariantViolations { get; init; }
}

/// <summary>The parameters of a run, as its summary shows them.</summary>
public sealed record RunSettings(
    double LatencySeconds,
    double CadenceSeconds,
    decimal MaintenanceMarginRate,
    decimal MaxLeverage,
    double LiquidatorDelaySeconds,
    decimal LiquidatorCapacityPerSecond,
    string Execution,
    string LiquidationMode,
    string Features,
    ulong Seed)
{
    public static RunSettings Of(SimulationParameters p, ulong seed) => new(
        p.Oracle.Latency.TotalSeconds, p.Oracle.Cadence.TotalSeconds, p.Market.MaintenanceMarginRate, p.Market.MaxLeverage,
        p.Liquidator.Delay.TotalSeconds, p.Liquidator.CapacityPerSecond, p.Liquidator.Execution.ToString().ToLowerInvariant(),
        p.Liquidator.Mode.ToString().ToLowerInvariant(), p.Features.Name, seed);
}
