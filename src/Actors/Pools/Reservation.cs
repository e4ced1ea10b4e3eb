using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Pools;

/// <summary>
/// What the pool backs for one open position: the terms it settles against, and its breaches as
/// the position reported them (<c>OpenBreach</c>: unresolved; <c>ResolvedBreach</c>: the newest
/// resolved, so a late duplicate note cannot reopen it), and the open's price impact not yet settled
/// (<see cref="PriceImpact"/>: positive owed by the trader, negative owed to it), and its side's
/// funding index when it opened (<see cref="Funding"/>), and the number of its last settlement
/// (<c>LastSettlement</c>): a request numbered at or below it whose answer the pool has forgotten is
/// a stale copy, never a new settlement (<see cref="ReservationBook.Settlements"/>).
/// </summary>
public sealed record Reservation(
    PositionSide Side,
    decimal Quantity,
    decimal EntryPrice,
    decimal Collateral,
    decimal Reserved,
    decimal BorrowIndex,
    decimal OpenFee,
    decimal OpenProtocolFee,
    int? OpenBreach = null,
    int ResolvedBreach = 0,
    decimal PendingImpact = 0,
    decimal FundingIndex = 0,
    int LastSettlement = 0);
