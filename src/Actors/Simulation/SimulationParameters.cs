using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Simulation;

/// <summary>
/// Everything that shapes a simulated market besides its prices and traders: the market's own
/// parameters (the node's <c>Markets:</c> section), the oracle, the liquidator, and the risk features.
/// </summary>
public sealed record SimulationParameters
{
    public MarketParameters Market { get; init; } = new();

    public OracleSettings Oracle { get; init; } = new();

    public LiquidatorSettings Liquidator { get; init; } = new();

    public RiskFeatures Features { get; init; } = RiskFeatures.Fixed;

    /// <summary>Time between two rows of the time series.</summary>
    public TimeSpan SampleEvery { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Why these parameters cannot run: features the domain does not have yet, impossible values.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = Features.Unavailable().ToList();
        if (Oracle.Latency < TimeSpan.Zero || Oracle.Cadence < TimeSpan.Zero)
            problems.Add("oracle latency and cadence must not be negative");
        if (Liquidator.Delay < TimeSpan.Zero || Liquidator.CapacityPerSecond < 0)
            problems.Add("liquidator delay and capacity must not be negative");
        if (SampleEvery <= TimeSpan.Zero)
            problems.Add("the sample interval must be positive");
        return problems;
    }

    /// <summary>
    /// The oracle's rules, with the dynamic margin when that feature is on: its horizon is the oracle's
    /// latency plus the liquidator's delay (the default 60 s when the liquidator is instant, since a
    /// price may still be acted on that long), its floor the market's own rates.
    /// </summary>
    public OracleParameters OracleParameters() =>
        Oracle.ToOracleParameters() with
        {
            Margin = Features.DynamicMargin
                ? new DynamicMargin
                {
                    LiquidationDelay = Liquidator.Delay > TimeSpan.Zero ? Liquidator.Delay : new DynamicMargin().LiquidationDelay,
                    MaintenanceBase = EffectiveMarket.MaintenanceMarginRate,
                    InitialBase = EffectiveMarket.InitialMarginRate,
                    Predictive = this.Predictive,
                }
                : null,
        };

    /// <summary>
    /// Predictive liquidation as the market runs it with that feature on: the domain's defaults
    /// (warn below 2σ, deleverage below 1σ back to 2σ) with early deleverage switched on; null when
    /// the feature is off, which leaves the oracle's record as a dynamic-only run writes it.
    /// </summary>
    public PredictiveLiquidation? Predictive =>
        Features.PredictiveDeleverage ? new PredictiveLiquidation { EarlyDeleverage = true } : null;

    /// <summary>
    /// The market's parameters as positions open under them: full-only liquidation folded in; with the
    /// impact feature on, the impact factors the market sets or, when it sets none, <see cref="DefaultImpact"/>;
    /// with the funding feature on, funding at the market's factor, or the recommended one when it sets none.
    /// </summary>
    public MarketParameters EffectiveMarket
    {
        get
        {
            var market = Liquidator.Mode == LiquidationMode.Full ? Market with { FullLiquidationThreshold = 1m } : Market;
            return WithFunding(Features.Impact && !market.HasImpact() ? DefaultImpact(market) : market);
        }
    }

    private MarketParameters WithFunding(MarketParameters m) =>
        Features.Funding ? m with { FundingFactor = m.FundingFactor ?? MarketParameters.RecommendedFundingFactor } : m;

    /// <summary>
    /// GMX v2's shape at a simulated market's scale (a pool of 150 million, tens of millions of skew):
    /// a trade that grows the skew S by Δ pays about 2 · 1e-11 · S · Δ, 0.02% of Δ at a skew of 10 million
    /// and 0.08% at 40 million, beside the 0.05% fee; one that reduces it is paid half that rate, from
    /// the impact pool. The exponent (2) and the cap (0.5% of a settlement's notional) are the market's defaults.
    /// </summary>
    public static MarketParameters DefaultImpact(MarketParameters market) =>
        market with { NegativeImpactFactor = 0.00000000001m, PositiveImpactFactor = 0.000000000005m };
}

/// <summary>
/// The oracle: it reports the market price every <c>Cadence</c> (zero: at every price of the
/// file) and publishes each accepted price <c>Latency</c> later. Its circuit breaker is the node's.
/// </summary>
public sealed record OracleSettings
{
    public TimeSpan Latency { get; init; } = TimeSpan.Zero;

    public TimeSpan Cadence { get; init; } = TimeSpan.Zero;

    public decimal BreakerMove { get; init; } = OracleParameters.Default.BreakerMove;

    public TimeSpan BreakerWindow { get; init; } = OracleParameters.Default.BreakerWindow;

    public TimeSpan BreakerCooldown { get; init; } = OracleParameters.Default.BreakerCooldown;

    /// <summary>The one source the simulated market reports through.</summary>
    public const string Source = "market";

    /// <summary>
    /// The node's oracle rules with one source that is the market itself: every report is
    /// accepted as it is, and published after the latency.
    /// </summary>
    public OracleParameters ToOracleParameters() =>
        OracleParameters.Default with
        {
            Sources = [Source],
            Quorum = 1,
            StaleAfter = OracleParameters.Default.StaleAfter > Cadence ? OracleParameters.Default.StaleAfter : Cadence + TimeSpan.FromSeconds(1),
            BreakerMove = BreakerMove,
            BreakerWindow = BreakerWindow,
            BreakerCooldown = BreakerCooldown,
            Latency = Latency,
        };
}

public enum LiquidationMode
{
    /// <summary>The market's rule: partial when a fraction restores maintenance plus the buffer.</summary>
    Partial,

    /// <summary>Every liquidation closes the whole position.</summary>
    Full,
}

/// <summary>
/// The liquidator: it acts <c>Delay</c> after a breach is recorded, at most
/// <c>CapacityPerSecond</c> liquidations a second (zero: no limit), filled at <c>Execution</c>.
/// </summary>
public sealed record LiquidatorSettings
{
    public TimeSpan Delay { get; init; } = TimeSpan.Zero;

    public decimal CapacityPerSecond { get; init; }

    public LiquidationExecution Execution { get; init; } = LiquidationExecution.Oracle;

    public LiquidationMode Mode { get; init; } = LiquidationMode.Partial;
}
