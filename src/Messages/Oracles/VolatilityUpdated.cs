using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Oracles;

/// <summary>
/// The market's volatility as recorded: <c>Variance</c> per second and <c>Sigma</c> = √Variance, from
/// <c>Samples</c> returns up to the accepted price <c>PriceSequence</c>. Margin and risk read this
/// record, so the audit can justify a requirement by the estimate in force at that moment.
/// </summary>
public sealed record VolatilityUpdated(
    MarketId Market,
    VolatilityModelKind Model,
    decimal Variance,
    decimal Sigma,
    long Samples,
    long PriceSequence,
    DateTimeOffset At) : IOracleEvent;
