using LeverageActors.Actors.Common;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Host.Api.Models;

/// <summary>
/// The volatility in force (the last one recorded): σ per √second as the model keeps it, and scaled
/// by √time to a day and a 365-day year, the units traders quote.
/// </summary>
public sealed record MarketVolatilityView(
    VolatilityModelKind Model,
    decimal SigmaPerSqrtSecond,
    decimal Daily,
    decimal Annualized,
    long Samples,
    long PriceSequence,
    DateTimeOffset At)
{
    private static readonly decimal SqrtDay = DecimalMath.Sqrt(86_400m);
    private static readonly decimal SqrtYear = DecimalMath.Sqrt(365m * 86_400m);

    public static MarketVolatilityView Of(VolatilityUpdated v) =>
        new(v.Model, v.Sigma, Math.Round(v.Sigma * SqrtDay, 10), Math.Round(v.Sigma * SqrtYear, 10), v.Samples, v.PriceSequence, v.At);
}
