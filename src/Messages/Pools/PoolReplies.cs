using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Messages.Pools;

public sealed record LiquidityAddedReply(MarketId Market, AccountId AccountId, RequestId RequestId, decimal Amount, decimal Shares)
    : IWithAccountId;

public sealed record LiquidityRemovedReply(MarketId Market, AccountId AccountId, RequestId RequestId, decimal Shares, decimal Amount)
    : IWithAccountId;

public sealed record LiquidityRequestRejected(MarketId Market, AccountId AccountId, RequestId RequestId, Rejection Reason)
    : IWithAccountId;

public sealed record LiquidityReservedReply(MarketId Market, PositionId PositionId, decimal BorrowIndex) : IWithPositionId
{
    /// <summary>The open's pending price impact (positive: the trader owes it at the close).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal Impact { get; init; }

    /// <summary>The funding index of the position's side at the open (<see cref="LiquidityReserved.FundingIndex"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal FundingIndex { get; init; }

    /// <summary>
    /// The pool's funding factor (its own, fixed when it opened; 0, and not written, without funding):
    /// what a cross position's settlement bounds its funding by (<see cref="Positions.PositionOpened.FundingFactor"/>).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal FundingFactor { get; init; }
}

public sealed record ReservationRejected(MarketId Market, PositionId PositionId, Rejection Reason) : IWithPositionId;

public sealed record ReservationCancelledReply(MarketId Market, PositionId PositionId) : IWithPositionId;

public sealed record PositionSettledReply(MarketId Market, PositionId PositionId, int Number, Settlement Settlement)
    : IWithPositionId;

public sealed record CollateralAdjustmentAcknowledged(MarketId Market, PositionId PositionId, TransferId TransferId) : IWithPositionId;

public sealed record BreachNoteAcknowledged(MarketId Market, PositionId PositionId, int Breach, bool Open) : IWithPositionId;

/// <summary><c>Halted</c>: the circuit breaker refuses new risk at this time.</summary>
public sealed record BorrowIndexReply(MarketId Market, PositionId PositionId, decimal BorrowIndex, bool Halted, DateTimeOffset At)
    : IWithPositionId
{
    /// <summary>The funding index of the position's side (issue 18), when the market has funding: a removal counts the funding owed.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public decimal? FundingIndex { get; init; }
}

/// <summary>The answer to <see cref="CheckLiquidityRequest"/>: null when the pool would accept it.</summary>
public sealed record LiquidityRequestChecked(MarketId Market, Rejection? Refusal) : ILeverageMessage;

/// <summary>A pool command refused outright (unknown market, invalid input).</summary>
public sealed record PoolCommandRejected(MarketId Market, Rejection Reason) : ILeverageMessage;

public sealed record ProviderShares(AccountId Provider, decimal Shares);

/// <summary>
/// A pool as of <c>At</c>: interest accrued to that time, valued at <c>Price</c> when one is given
/// (otherwise traders' unrealised PnL is left out of <c>PoolValue</c>).
/// </summary>
public sealed record PoolStateResponse(
    MarketId Market,
    bool IsOpen,
    decimal Assets,
    decimal Reserved,
    decimal Utilization,
    decimal BorrowRate,
    decimal SupplyRate,
    decimal BorrowIndex,
    decimal AccruedInterest,
    decimal PoolValue,
    decimal TotalShares,
    decimal LockedShares,
    decimal SharePrice,
    decimal InsuranceFund,
    decimal ProtocolFees,
    decimal BadDebt,
    DateTimeOffset? HaltedUntil,
    decimal LongOpenInterest,
    decimal ShortOpenInterest,
    IReadOnlyList<ProviderShares> Providers,
    int OpenBreaches,
    DateTimeOffset At) : ILeverageMessage
{
    /// <summary>What price impact charges hold, less the rebates paid from it: not the LPs' money.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal ImpactPool { get; init; }

    /// <summary>Each side's cumulative funding index (issue 18): a position owes its notional × (index now − its side's index at open). Left out when 0.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal LongFundingIndex { get; init; }

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal ShortFundingIndex { get; init; }

    /// <summary>What the larger side pays per second of its notional now. Left out when 0.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public decimal FundingRate { get; init; }

    /// <summary>Long less short open interest (at entry): what price impact is charged on. Not written: the two figures are (the golden views stay as they were).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public decimal Skew => LongOpenInterest - ShortOpenInterest;
}
