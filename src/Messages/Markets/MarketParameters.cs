using System.Text.Json.Serialization;

namespace LeverageActors.Messages.Markets;

/// <summary>
/// The risk and fee parameters of one market. Defaults follow ../shared/DESIGN.md §2 (GMX v2,
/// Aave v3, Hyperliquid). A pool records the parameters it was opened with in its first event and
/// a position those it was opened under, so a replay never depends on today's configuration; a
/// parameter added later reads as its default in events written before it existed, and amounts
/// are always taken from the events, never recomputed from parameters on replay.
/// Rates are fractions: 0.0005 is 0.05%, 0.04 is 4% a year. Liquidation (DESIGN §2): a penalty on
/// the closed notional split between liquidator and insurance fund; a partial liquidation closes
/// just enough to restore maintenance plus the buffer; below <c>FullLiquidationThreshold</c> of
/// maintenance, or leaving less than <c>DustNotional</c>, the whole position goes. The penalty is
/// below the maintenance rate so that a partial liquidation can restore margin at all (Hyperliquid
/// and Drift charge less than maintenance for the same reason).
/// Sizes: a position's notional is at least <c>MinNotional</c>. LPs pay <c>LiquidityFeeRate</c> on
/// every deposit and withdrawal (to the pool, GMX v2), and a pool's first deposit is at least
/// <c>MinimumFirstDeposit</c>.
/// Open interest: each side's notional is at most <c>MaxOpenInterest</c> and at most
/// <c>PoolOpenInterestShare</c> of the pool's value, so a thin pool cannot be made to carry a
/// position it cannot pay (JELLY, POPCAT, dYdX YFI).
/// </summary>
public sealed record MarketParameters(
    decimal MaxLeverage = 50m,
    decimal MaintenanceMarginRate = 0.01m,
    decimal OpenFeeRate = 0.0005m,
    decimal CloseFeeRate = 0.0005m,
    decimal ProtocolFeeShare = 0.10m,
    decimal BaseRate = 0m,
    decimal Slope1 = 0.04m,
    decimal Slope2 = 0.75m,
    decimal OptimalUtilization = 0.80m,
    decimal ReserveFactor = 0.10m,
    decimal MaxUtilization = 0.90m,
    decimal MaxOpenInterest = 100_000_000m,
    decimal LiquidationPenaltyRate = 0.005m,
    decimal LiquidatorShare = 0.5m,
    decimal LiquidationBuffer = 0.02m,
    decimal FullLiquidationThreshold = 0.666667m,
    decimal DustNotional = 10m,
    decimal MinNotional = 10m,
    decimal LiquidityFeeRate = 0.0005m,
    decimal MinimumFirstDeposit = 1_000m)
{
    /// <summary>Leverage is asked for with at most this many decimal places.</summary>
    public const int LeveragePlaces = 2;

    /// <summary>Initial margin: the least equity per unit of notional at open, 1 / max leverage.</summary>
    public decimal InitialMarginRate => 1m / MaxLeverage;

    /// <summary>What <see cref="PoolOpenInterestShare"/> means when unset.</summary>
    public const decimal DefaultPoolOpenInterestShare = 0.5m;

    /// <summary>
    /// Each side's open interest as a fraction of the pool's value, at most. Unset (and then not
    /// written, so the parameters recorded in events read as before) means
    /// <see cref="DefaultPoolOpenInterestShare"/>; read it through <see cref="PoolOpenInterestShareInForce"/>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? PoolOpenInterestShare { get; init; }

    public decimal PoolOpenInterestShareInForce() => PoolOpenInterestShare ?? DefaultPoolOpenInterestShare;

    /// <summary>
    /// Auto-deleveraging starts when traders' net unrealised profit exceeds this fraction of the pool's
    /// value (GMX v2 <c>MAX_PNL_FACTOR_FOR_ADL</c>). Unset, and then not written, so that events recorded
    /// before it existed read alike: <see cref="AdlTrigger"/> is the value in force.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? MaxPnlFactor { get; init; }

    /// <summary>Auto-deleveraging reduces profit until the factor is at most this (GMX v2 <c>MIN_PNL_FACTOR_AFTER_ADL</c>); see <see cref="AdlTarget"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? AdlTargetFactor { get; init; }

    /// <summary>
    /// Auto-deleveraging also starts when the insurance fund is exhausted and the LPs' loss on one UTC
    /// day would pass this fraction of the pool's value; see <see cref="LpLossLimit"/>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? MaxLpLossPerDay { get; init; }

    public const decimal DefaultMaxPnlFactor = 0.85m;

    /// <summary>
    /// 2% of the pool a day, our choice (no venue publishes one): above the bad debt of an ordinary
    /// volatile day, which the insurance fund absorbs anyway, and a few days of an LP's yield at the
    /// rates DESIGN's borrow model charges, so one day's attack (JELLY, March 2025) costs LPs at most
    /// what a few good days earn them before the winners are cut.
    public const decimal DefaultMaxLpLossPerDay = 0.02m;

    public const decimal DefaultAdlTargetFactor = 0.77m;

    // Methods, not properties: a property would be written into every event that carries the parameters.
    public decimal AdlTrigger() => MaxPnlFactor ?? DefaultMaxPnlFactor;

    public decimal AdlTarget() => AdlTargetFactor ?? DefaultAdlTargetFactor;

    public decimal LpLossLimit() => MaxLpLossPerDay ?? DefaultMaxLpLossPerDay;

    /// <summary>
    /// Price impact (GMX v2): a trade that moves the open-interest skew |long − short| from
    /// <c>s0</c> to <c>s1</c> pays <c>NegativeImpactFactor · (s1^e − s0^e)</c> when the skew grows
    /// and receives <c>PositiveImpactFactor · (s0^e − s1^e)</c> when it shrinks, <c>e</c> the
    /// <see cref="ImpactExponent"/>. Unset (and then not written, so recorded parameters read as
    /// before) means 0: no impact. The pool decides it (<c>PriceImpact</c>).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? NegativeImpactFactor { get; init; }

    /// <summary>The rebate's factor for a trade that reduces the skew; see <see cref="NegativeImpactFactor"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? PositiveImpactFactor { get; init; }

    /// <summary>The exponent on the skew; unset means <see cref="DefaultImpactExponent"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? ImpactExponent { get; init; }

    /// <summary>The most a settlement's impact (charge or rebate) may be, as a fraction of its closed notional; unset means <see cref="DefaultMaxImpactFactor"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? MaxImpactFactor { get; init; }

    public const decimal DefaultImpactExponent = 2m;

    /// <summary>0.5% of the closed notional, GMX v2's usual <c>MAX_POSITION_IMPACT_FACTOR</c>.</summary>
    public const decimal DefaultMaxImpactFactor = 0.005m;

    public decimal ImpactCharged() => NegativeImpactFactor ?? 0m;

    public decimal ImpactRebated() => PositiveImpactFactor ?? 0m;

    public decimal ImpactPower() => ImpactExponent ?? DefaultImpactExponent;

    public decimal ImpactCap() => MaxImpactFactor ?? DefaultMaxImpactFactor;

    public bool HasImpact() => ImpactCharged() > 0 || ImpactRebated() > 0;
    /// <summary>
    /// Funding between sides: the side with more open interest pays the other
    /// <c>FundingFactor · skew^FundingExponent</c> per second of its notional at entry, skew being
    /// |long − short| / (long + short). Unset (and then not written, so recorded parameters read as
    /// before) means 0: no funding. <see cref="RecommendedFundingFactor"/> is a sensible value.
    /// The pool accrues it (<c>Funding</c>).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? FundingFactor { get; init; }

    /// <summary>The exponent on the skew in the funding rate; unset means <see cref="DefaultFundingExponent"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? FundingExponent { get; init; }

    public const decimal DefaultFundingExponent = 1m;

    /// <summary>
    /// 0.00000001 per second at full skew (exponent 1): 0.0864% a day, 31.5% a year for a market
    /// all on one side, 0.00864% a day at a 10% skew: our choice, of the order of GMX v2's per-second
    /// funding factors and of Hyperliquid's 0.01% per 8 hours; past a skew of about 13% the crowded
    /// side pays more than the 4% a year the default borrow rate charges at the optimal utilization.
    /// </summary>
    public const decimal RecommendedFundingFactor = 0.00000001m;

    public decimal FundingRateFactor() => FundingFactor ?? 0m;

    public decimal FundingPower() => FundingExponent ?? DefaultFundingExponent;

    public bool HasFunding() => FundingRateFactor() > 0;
}
