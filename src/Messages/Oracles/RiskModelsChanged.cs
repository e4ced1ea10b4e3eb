using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Oracles;

/// <summary>
/// The market's volatility model and dynamic margin from here on, taken from the node's configuration
/// by an oracle opened under others: its parameters are otherwise fixed at <see cref="OracleOpened"/>,
/// and a market opened before a safer model (the returns sampled over the margin's horizon, a ceiling on
/// maintenance) would never get it. A new volatility model starts its estimate afresh; the margin
/// requirement in force stays until that estimate's first record, or falls to a new ceiling with the
/// next accepted price (a <see cref="MarginRequirementChanged"/> with that price's number). A replay reads the models here, never
/// today's configuration.
/// </summary>
public sealed record RiskModelsChanged(MarketId Market, VolatilityModel Volatility, DynamicMargin Margin, DateTimeOffset At) : IOracleEvent;
