using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Pools;

/// <summary>
/// The market's positions have recorded the pool's answers to these settlements (the risk index
/// read each one's event in the journal), so the pool need no longer keep those answers for a
/// repeated request (<see cref="SettlementsForgotten"/>). Told once and never retried: one that is
/// lost only leaves the answers kept.
/// </summary>
public sealed record SettlementsRecorded(MarketId Market, IReadOnlyList<SettlementKey> Settlements) : IWithMarketId;
