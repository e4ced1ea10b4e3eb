namespace LeverageActors.Messages.Oracles;

/// <summary>
/// The scale predictive liquidation (issue 17 item 3) measures a position's distance to liquidation
/// in: <c>Sigma</c>, the volatility per √second the requirement in force was recorded from, over
/// <c>Horizon</c>, the oracle latency + liquidation delay it covers. Carried beside the
/// <see cref="MarginInForce"/> it came with; null in a market without dynamic margin.
/// </summary>
public sealed record RiskScale(decimal Sigma, TimeSpan Horizon);
