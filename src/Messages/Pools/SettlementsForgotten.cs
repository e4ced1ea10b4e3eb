using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Pools;

/// <summary>One settlement of a position: its number, as <see cref="SettlePosition"/> carries it.</summary>
public sealed record SettlementKey(PositionId PositionId, int Number);

/// <summary>
/// The pool no longer keeps its answers to these settlements: each one's position recorded the
/// answer (<see cref="SettlementsRecorded"/>). Without it the pool would keep one
/// answer for every close and liquidation for as long as it runs. Moves no money and accrues no
/// interest: <c>At</c> is the time the pool has accrued to, its latest event's.
/// </summary>
public sealed record SettlementsForgotten(MarketId Market, IReadOnlyList<SettlementKey> Settlements, DateTimeOffset At) : IPoolEvent;
