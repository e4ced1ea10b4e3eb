using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Pools;

/// <summary>
/// A position has recorded the pool's answer to its settlement <c>Number</c>, so the pool need no
/// longer keep that answer for a repeated request (<see cref="SettlementsForgotten"/>). Told once and
/// never retried: one that is lost only leaves the answer kept.
/// </summary>
public sealed record SettlementReceived(MarketId Market, PositionId PositionId, int Number) : IWithMarketId;
