namespace LeverageActors.Messages.Oracles;

/// <summary>
/// Predictive liquidation in a market with <see cref="DynamicMargin"/> (issue 17 item 3): a position
/// whose distance to its liquidation price falls below <see cref="AtRiskSigmas"/> standard deviations
/// of the move over the horizon is warned (<c>PositionAtRisk</c>, once per crossing). Below
/// <see cref="DeleverageSigmas"/>, with <see cref="EarlyDeleverage"/> on, it is to be reduced to
/// <see cref="AtRiskSigmas"/> again at a <see cref="PenaltyShare"/> of the liquidation penalty.
/// </summary>
public sealed record PredictiveLiquidation
{
    public static PredictiveLiquidation Default { get; } = new();

    /// <summary>2σ: a move the horizon sees about one time in 44 (one-sided normal) is a warning, not yet a risk.</summary>
    public decimal AtRiskSigmas { get; init; } = 2m;

    /// <summary>1σ: about one horizon in six would liquidate it.</summary>
    public decimal DeleverageSigmas { get; init; } = 1m;

    /// <summary>Off by default, so a market's existing behaviour never changes by configuration left out.</summary>
    public bool EarlyDeleverage { get; init; }

    /// <summary>An early deleverage's penalty as a share of the market's liquidation penalty rate.</summary>
    public decimal PenaltyShare { get; init; } = 0.25m;
}
