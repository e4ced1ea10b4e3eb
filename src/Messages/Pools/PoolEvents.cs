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

/// <summary>
/// <c>Amount</c> entered the pool; the provider received <c>Shares</c>. <c>Fee</c> (part of the
/// amount) stays with the pool. The first deposit into a pool also mints <c>LockedShares</c> that
/// belong to nobody and can never be redeemed, so the share price cannot be inflated from an
/// almost empty pool.
/// </summary>
public sealed record LiquidityAdded(
    MarketId Market, AccountId Provider, RequestId RequestId, decimal Amount, decimal Shares, decimal Price, DateTimeOffset At,
    decimal Fee = 0, decimal LockedShares = 0)
    : IPoolEvent
{
    /// <summary>Next-price execution: the LP move's request and price numbers, from the account's request; null (and not written) at the latest price.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Common.Execution? Execution { get; init; }

    /// <summary>
    /// The shares were priced at the pool's value with the fee already in it, so the fee is the
    /// LPs' who were in the pool, none of it the depositor's. False (and not written) in journals
    /// of nodes before December 2026, whose deposits the audit decides by their own rule.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool PricedWithFee { get; init; }

    /// <summary>
    /// The shares were priced at a value counting each cross position's loss in full (its account backs
    /// it); false (and not written) where the pool held no cross position, and in journals of nodes that
    /// valued a losing cross position at nothing, whose deposits the audit decides by that rule. A
    /// withdrawal never counts it (<see cref="LiquidityRemoved"/> has no such mark).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool CrossLossesCounted { get; init; }
}

/// <summary><c>Shares</c> burnt; <c>Amount</c> paid to the provider, after <c>Fee</c>, which stays with the pool.</summary>
public sealed record LiquidityRemoved(
    MarketId Market, AccountId Provider, RequestId RequestId, decimal Shares, decimal Amount, decimal Price, DateTimeOffset At,
    decimal Fee = 0)
    : IPoolEvent
{
    /// <summary>Next-price execution: the LP move's request and price numbers, from the account's request; null (and not written) at the latest price.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Common.Execution? Execution { get; init; }

    /// <summary>
    /// The withdrawal left the open positions within the caps an open is held to (utilization, and each
    /// side's open interest against the pool's value). False (and not written) in journals of nodes
    /// before December 2026, whose withdrawals the audit decides without those caps.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool WithinCaps { get; init; }
}

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
    DateTimeOffset At) : IPoolEvent
{
    /// <summary>The open's price impact, pending until the position settles (positive: the trader owes it). Left out when 0.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal Impact { get; init; }

    /// <summary>The funding index of the position's side when it opened: its funding runs from here. Left out when 0 (no funding yet).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal FundingIndex { get; init; }
}

/// <summary>A failed open: <c>Released</c> is what went back to free liquidity (0 when nothing was reserved).</summary>
public sealed record ReservationCancelled(MarketId Market, PositionId PositionId, decimal Released, DateTimeOffset At)
    : IPoolEvent;

public sealed record ReservedCollateralAdjusted(MarketId Market, PositionId PositionId, TransferId TransferId, decimal Delta, DateTimeOffset At)
    : IPoolEvent;

/// <summary>A position (or a fraction of it) settled against the pool; a liquidation resolves breach <c>Breach</c>.</summary>
public sealed record PositionSettled(
    MarketId Market,
    PositionId PositionId,
    int Number,
    decimal Fraction,
    decimal ExitPrice,
    Settlement Settlement,
    DateTimeOffset At,
    bool Liquidation = false,
    int Breach = 0) : IPoolEvent
{
    /// <summary>An early deleverage: the closed part's payout stayed as collateral of the rest. Left out when false.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool Keeps { get; init; }

    /// <summary>A cross position's liquidation: the payout went back to its account, not kept as collateral of the rest. Left out when false.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool Cross { get; init; }
}

/// <summary>The pool learnt that a position's breach opened (<c>Open</c>) or cleared.</summary>
public sealed record BreachNoted(MarketId Market, PositionId PositionId, int Breach, bool Open, DateTimeOffset At) : IPoolEvent;
