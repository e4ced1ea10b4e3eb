using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Messages.Pools;

public interface IPoolEvent : ILeverageEvent
{
    MarketId Market { get; }

    DateTimeOffset At { get; }
}

/// <summary>First event of every pool: the parameters it runs under from now on.</summary>
public sealed record PoolOpened(MarketId Market, MarketParameters Parameters, DateTimeOffset At) : IPoolEvent;

public sealed record LiquidityAdded(
    MarketId Market, AccountId Provider, RequestId RequestId, decimal Amount, decimal Shares, decimal Price, DateTimeOffset At)
    : IPoolEvent;

public sealed record LiquidityRemoved(
    MarketId Market, AccountId Provider, RequestId RequestId, decimal Shares, decimal Amount, decimal Price, DateTimeOffset At)
    : IPoolEvent;

/// <summary>
/// An LP request refused for a reason of the moment (liquidity, share price): recorded so that a
/// retry of the same request is refused again instead of succeeding later behind the account's back.
/// </summary>
public sealed record LiquidityRequestRefused(MarketId Market, AccountId Provider, RequestId RequestId, Rejection Reason, DateTimeOffset At)
    : IPoolEvent;

/// <summary>The pool backs a position: <c>Reserved</c> leaves free liquidity; the opening fee is booked.</summary>
public sealed record LiquidityReserved(
    MarketId Market,
    PositionId PositionId,
    PositionSide Side,
    decimal Quantity,
    decimal EntryPrice,
    decimal Collateral,
    decimal Reserved,
    decimal OpenFee,
    decimal ProtocolFee,
    decimal BorrowIndex,
    DateTimeOffset At) : IPoolEvent;

/// <summary>A failed open: <c>Released</c> is what went back to free liquidity (0 when nothing was reserved).</summary>
public sealed record ReservationCancelled(MarketId Market, PositionId PositionId, decimal Released, DateTimeOffset At)
    : IPoolEvent;

public sealed record ReservedCollateralAdjusted(MarketId Market, PositionId PositionId, TransferId TransferId, decimal Delta, DateTimeOffset At)
    : IPoolEvent;

/// <summary>A position (or a fraction of it) settled against the pool.</summary>
public sealed record PositionSettled(
    MarketId Market,
    PositionId PositionId,
    int Number,
    decimal Fraction,
    decimal ExitPrice,
    Settlement Settlement,
    DateTimeOffset At) : IPoolEvent;
