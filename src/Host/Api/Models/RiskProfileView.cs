using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Risk;

namespace LeverageActors.Host.Api.Models;

/// <summary>Open positions at one range of distance to liquidation (see <see cref="RiskBucket"/>).</summary>
public sealed record RiskBucketView(decimal? From, decimal? To, int Longs, int Shorts, decimal Notional);

/// <summary>A market's open positions by distance to liquidation, with no position or account named.</summary>
public sealed record RiskProfileView(
    MarketId Market,
    bool CaughtUp,
    decimal? Price,
    long PriceSequence,
    DateTimeOffset? PriceAt,
    int OpenPositions,
    int AtRisk,
    decimal AtRiskDistance,
    int Opening,
    int Settling,
    int Liquidating,
    IReadOnlyList<RiskBucketView> Buckets)
{
    public static RiskProfileView Of(RiskProfile p) => new(
        p.Market, p.CaughtUp, p.Price, p.PriceSequence, p.PriceAt, p.OpenPositions, p.AtRisk, p.AtRiskDistance, p.Opening,
        p.Settling, p.Liquidating, [.. p.Buckets.Select(b => new RiskBucketView(b.From, b.To, b.Longs, b.Shorts, b.Notional))]);
}
