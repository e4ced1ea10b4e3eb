using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Messages.Accounts;

/// <summary>
/// The account admitted a cross position at <c>Marks</c>: with it, initial equity <c>Equity</c> covered
/// the initial requirement <c>Requirement</c>. The opening fee left USD and is held until the pool reserves.
/// </summary>
public sealed record CrossPositionAdmitted(
    AccountId AccountId, TransferId TransferId, PositionId PositionId, CrossTerms Terms, decimal OpenFee,
    IReadOnlyList<MarketMark> Marks, decimal Equity, decimal Requirement, DateTimeOffset At) : IAccountTransferEvent;

/// <summary>The cross position is open: the held fee went to the pool; interest runs from <c>BorrowIndex</c>.</summary>
public sealed record CrossPositionConfirmed(
    AccountId AccountId, TransferId TransferId, PositionId PositionId, decimal OpenFee, decimal BorrowIndex, DateTimeOffset At)
    : IAccountTransferEvent
{
    /// <summary>Its side's funding index at the open: cross equity counts its funding from here. Null (not written) where its position sent none.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public decimal? FundingIndex { get; init; }
}

/// <summary><c>Amount</c> left USD as a settling cross position's collateral (USD may go below zero).</summary>
public sealed record CrossMarginDrawn(AccountId AccountId, TransferId TransferId, PositionId PositionId, decimal Amount, DateTimeOffset At)
    : IAccountTransferEvent;

/// <summary><c>Fraction</c> of the cross position settled; the pool's <c>Payout</c> came back to USD.</summary>
public sealed record CrossPositionSettled(
    AccountId AccountId, TransferId TransferId, PositionId PositionId, decimal Fraction, decimal Payout, DateTimeOffset At)
    : IAccountTransferEvent;
