using System.Text.Json.Serialization;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Messages.Accounts;

/// <summary>
/// One market's oracle price (its number <c>Sequence</c>) and its pool's borrow index: what a
/// cross-margin decision values an account at. A command carries one per market it needs and the
/// event records them, so the audit decides again from the same numbers.
/// </summary>
public sealed record MarketMark(MarketId Market, decimal Price, long Sequence, decimal BorrowIndex)
{
    /// <summary>
    /// The dynamic margin in force with this price (the oracle's, at the price's time): cross positions
    /// are held to the higher of it and their own rates, as isolated ones are. Null (and not written)
    /// in a market without one, and in marks an older node recorded: their own rates.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Oracles.MarginInForce? Margin { get; init; }

    /// <summary>
    /// The pool's funding indexes with its borrow index: cross equity counts the funding each position
    /// owes or is owed. Null (and not written) in a market without funding, and in marks an older node
    /// recorded: no funding counted before the settlement, as then.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MarkFunding? Funding { get; init; }
}

/// <summary>What the account keeps of a cross position: enough to value it at any mark.</summary>
public sealed record CrossTerms(
    MarketId Market,
    PositionSide Side,
    decimal Quantity,
    decimal EntryPrice,
    decimal Reserved,
    decimal CloseFeeRate,
    decimal InitialMarginRate,
    decimal MaintenanceMarginRate);

/// <summary>
/// A cross position asks its account to admit it: the account, the margin authority of its cross
/// positions, records its terms if its cross equity covers the initial requirement with it at
/// <c>Marks</c>, and takes the opening fee from USD (held until the pool has reserved). Answered like
/// a lock: <see cref="CollateralLockedReply"/> or <see cref="CollateralLockRefused"/>.
/// </summary>
public sealed record AdmitCrossPosition(
    AccountId AccountId, TransferId TransferId, PositionId PositionId, CrossTerms Terms, decimal OpenFee,
    IReadOnlyList<MarketMark> Marks, DateTimeOffset At) : IAccountTransferCommand;

/// <summary>The pool reserved: the fee is spent and the cross position accrues interest from <c>BorrowIndex</c>.</summary>
public sealed record ConfirmCrossPosition(AccountId AccountId, TransferId TransferId, PositionId PositionId, decimal BorrowIndex, DateTimeOffset At)
    : IAccountTransferCommand
{
    /// <summary>Its side's funding index at the open, as the pool reserved it: its funding runs from here. Null from a position of the version before.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? FundingIndex { get; init; }
}

/// <summary>
/// A settling cross position takes <c>Amount</c> from the account's USD to hand the pool as the
/// settlement's collateral (its loss, closing fee and interest at most); the pool pays back the rest.
/// USD may go below zero here: a debt the account's other assets back.
/// </summary>
public sealed record DrawCrossMargin(AccountId AccountId, TransferId TransferId, PositionId PositionId, decimal Amount, DateTimeOffset At)
    : IAccountTransferCommand
{
    /// <summary>Drawn for a liquidation's closure of the position, not for its owner's close: the one draw a capped closure in flight waits for.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool ForLiquidation { get; init; }
}

/// <summary><c>Fraction</c> of the cross position is settled: the pool's <c>Payout</c> is credited and its record shrinks.</summary>
public sealed record SettleCrossPosition(
    AccountId AccountId, TransferId TransferId, PositionId PositionId, decimal Fraction, decimal Payout, DateTimeOffset At)
    : IAccountTransferCommand;

/// <summary>The account's cross margin valued at <c>Marks</c>.</summary>
public sealed record GetCrossMargin(AccountId AccountId, IReadOnlyList<MarketMark> Marks) : IWithAccountId;

/// <summary>An asset's part of cross equity: balance × price × weight (USD at price and weight 1).</summary>
public sealed record CrossAssetValue(AssetId Asset, decimal Balance, decimal Price, decimal InitialWeight, decimal MaintenanceWeight,
    decimal InitialValue, decimal MaintenanceValue);

/// <summary>A cross position's part: uPnL − interest − funding − closing fee, and its notional's requirements.</summary>
public sealed record CrossPositionValue(PositionId PositionId, MarketId Market, PositionSide Side, decimal Quantity, decimal EntryPrice,
    decimal Price, decimal Pnl, decimal Interest, decimal CloseFee, decimal Contribution, decimal Notional, decimal InitialRequirement,
    decimal MaintenanceRequirement)
{
    /// <summary>Funding it owes (positive) or is owed (negative) at the mark; left out when 0.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public decimal Funding { get; init; }
}

/// <summary>
/// The price of <c>Market</c> at which the account's maintenance equity meets its requirement, every
/// other price held where it is; null when no price of that market reaches it (the account gains
/// as it moves, or its exposure there is nil).
/// </summary>
public sealed record LiquidationMove(MarketId Market, decimal Price, decimal? LiquidationPrice, decimal? Move);

/// <summary>
/// The account's cross margin: equity with maintenance weights and full uPnL, the requirements,
/// free margin (initial equity − initial requirement), health = equity / maintenance (null without
/// a requirement), and with withdrawal valuation (gains counted as 0) what may leave.
/// </summary>
public sealed record CrossMarginResponse(
    AccountId AccountId,
    decimal Equity,
    decimal InitialEquity,
    decimal WithdrawalEquity,
    decimal InitialRequirement,
    decimal MaintenanceRequirement,
    decimal FreeMargin,
    decimal? Health,
    IReadOnlyList<CrossAssetValue> Assets,
    IReadOnlyList<CrossPositionValue> Positions,
    IReadOnlyList<LiquidationMove> LiquidationMoves,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Unpriced = null) : ILeverageMessage;
