using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Messages.Pools;

/// <summary>A command to a pool; <c>At</c> is the clock value interest accrues to.</summary>
public interface IPoolCommand : IWithMarketId
{
    DateTimeOffset At { get; }
}

/// <summary>An account moves <c>Amount</c> into the pool for shares, priced at <c>Price</c>.</summary>
public sealed record AddLiquidity(
    MarketId Market, AccountId Provider, RequestId RequestId, decimal Amount, decimal Price, DateTimeOffset At)
    : IPoolCommand
{
    /// <summary>Next-price execution: the LP move's request and price numbers, from the account's request; null (and not written) at the latest price.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Common.Execution? Execution { get; init; }
}

/// <summary>An account burns <c>Shares</c> for their value at <c>Price</c>, from unreserved liquidity only.</summary>
public sealed record RemoveLiquidity(
    MarketId Market, AccountId Provider, RequestId RequestId, decimal Shares, decimal Price, DateTimeOffset At)
    : IPoolCommand
{
    /// <summary>Next-price execution: the LP move's request and price numbers, from the account's request; null (and not written) at the latest price.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Common.Execution? Execution { get; init; }
}

/// <summary>A position asks the pool to back its borrowed exposure and takes the opening fee.</summary>
public sealed record ReserveLiquidity(
    MarketId Market,
    PositionId PositionId,
    PositionSide Side,
    decimal Quantity,
    decimal EntryPrice,
    decimal Collateral,
    decimal Reserved,
    decimal OpenFee,
    DateTimeOffset At) : IPoolCommand;

/// <summary>A position whose open failed: any reservation made for it is dropped, and none is made later.</summary>
public sealed record CancelReservation(MarketId Market, PositionId PositionId, DateTimeOffset At) : IPoolCommand;

/// <summary>
/// A position closes <c>Fraction</c> of itself (1 closes it) at <c>ExitPrice</c>, handing the pool
/// <c>Collateral</c>; the pool books PnL, interest and fees and says what goes back to the trader.
/// Settlement <c>Number</c> makes each one idempotent. A liquidation names the breach it resolves.
/// </summary>
public sealed record SettlePosition(
    MarketId Market,
    PositionId PositionId,
    int Number,
    decimal Fraction,
    decimal Collateral,
    decimal ExitPrice,
    bool Liquidation,
    DateTimeOffset At,
    int Breach = 0) : IPoolCommand
{
    /// <summary>An early deleverage: the closed part's payout stays as collateral of the rest, as in a partial liquidation.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool Keeps { get; init; }

    /// <summary>An early deleverage's penalty rate on the closed notional, all to the insurance fund (no liquidator acted).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal PenaltyRate { get; init; }

    /// <summary>A cross position's liquidation: its payout goes back to its account, never kept as collateral of the rest (it holds none).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool Cross { get; init; }

    /// <summary>
    /// A cross liquidation's bound on the closing fee and penalty together: what its account has to
    /// pay them from. Beyond it they would come out of the pools that cover the account's debt.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal? ChargeCap { get; init; }

    /// <summary>The borrow index of the mark the cap was valued at: interest beyond it comes out of the cap.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal? CapBorrowIndex { get; init; }

    /// <summary>The position's side's funding index the cap was valued at: funding beyond it comes out of the cap.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal? CapFundingIndex { get; init; }
}

/// <summary>
/// A position tells its pool that its breach <c>Breach</c> opened (<c>Open</c>) or cleared: LPs
/// may not withdraw while a market has an unresolved breach, whose loss is not yet booked.
/// </summary>
public sealed record NoteBreach(MarketId Market, PositionId PositionId, int Breach, bool Open, DateTimeOffset At) : IPoolCommand;

/// <summary>
/// A position's collateral changed by <c>Delta</c> (transfer <c>TransferId</c>): the pool's books
/// of what traders can lose follow, so LP shares stay priced on what is really at stake.
/// </summary>
public sealed record AdjustReservedCollateral(MarketId Market, PositionId PositionId, TransferId TransferId, decimal Delta, DateTimeOffset At)
    : IPoolCommand;

/// <summary>The pool's borrow index as of <c>At</c>, for a position that must value its interest.</summary>
public sealed record GetBorrowIndex(MarketId Market, PositionId PositionId, DateTimeOffset At) : IWithMarketId;

public sealed record GetPoolState(MarketId Market, decimal? Price, DateTimeOffset At) : IWithMarketId
{
    /// <summary>
    /// Whether the reply lists every provider's shares: sorted on the pool's actor, a cost that grows
    /// with the providers (free to become, with a dust deposit each), and a reply that can outgrow what
    /// a remote message may carry. False: none, or <see cref="Provider"/>'s alone.
    /// </summary>
    public bool AllProviders { get; init; } = true;

    /// <summary>The one provider whose shares the reply lists, when <see cref="AllProviders"/> is false.</summary>
    public AccountId? Provider { get; init; }
}

/// <summary>
/// Would the pool accept this LP deposit (<c>Amount</c>) or withdrawal (<c>Shares</c>) now? Decided
/// exactly as the request itself would be, changing nothing: the API refuses what the pool would
/// refuse before any money leaves the account.
/// </summary>
public sealed record CheckLiquidityRequest(MarketId Market, AccountId Provider, decimal? Amount, decimal? Shares, decimal Price, DateTimeOffset At)
    : IWithMarketId;
