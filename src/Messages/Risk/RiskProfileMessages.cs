using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Risk;

/// <summary>To a market's risk index: how far its open positions are from liquidation, in aggregate.</summary>
public sealed record GetRiskProfile(MarketId Market) : ILeverageMessage;

/// <summary>
/// Open positions at one range of distance to liquidation, <c>From</c> ≤ d &lt; <c>To</c>, where d is
/// the fraction of the price it may still move against them (negative: past their liquidation
/// price, a breach not yet resolved). A null bound is open. <c>Notional</c> is at the index's price.
/// </summary>
public sealed record RiskBucket(decimal? From, decimal? To, int Longs, int Shorts, decimal Notional);

/// <summary>
/// A market's open positions by distance to liquidation at the index's latest price, with no
/// position or account named. <c>AtRisk</c>: positions closer than <c>AtRiskDistance</c>.
/// <c>Opening</c>, <c>Settling</c> and <c>Liquidating</c> count positions with a saga in flight.
/// Without a price yet, every open position is counted but none is placed in a bucket.
/// </summary>
public sealed record RiskProfile(
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
    IReadOnlyList<RiskBucket> Buckets) : ILeverageMessage;
