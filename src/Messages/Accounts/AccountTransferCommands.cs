using System.Text.Json.Serialization;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Messages.Accounts;

/// <summary>
/// Saga steps a position sends to its trader's account. Each names a transfer and is applied
/// once however often it arrives; the account answers every arrival.
/// </summary>
public interface IAccountTransferCommand : IWithAccountId
{
    TransferId TransferId { get; }

    PositionId PositionId { get; }

    DateTimeOffset At { get; }
}

/// <summary>Set <c>Amount</c> aside from the free balance for a position that is opening or growing.</summary>
public sealed record LockCollateral(AccountId AccountId, TransferId TransferId, PositionId PositionId, decimal Amount, DateTimeOffset At)
    : IAccountTransferCommand
{
    /// <summary>The marks a cross-margin account is valued at before this leaves it; null when none was needed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<MarketMark>? Marks { get; init; }
}

/// <summary>The locked amount now belongs to the position.</summary>
public sealed record CommitCollateral(AccountId AccountId, TransferId TransferId, PositionId PositionId, DateTimeOffset At)
    : IAccountTransferCommand;

/// <summary>The position did not take the locked amount: back to the free balance, and never lock it later.</summary>
public sealed record ReleaseCollateral(AccountId AccountId, TransferId TransferId, PositionId PositionId, DateTimeOffset At)
    : IAccountTransferCommand;

/// <summary>Money a position pays back to its trader (close, decrease, collateral removal).</summary>
public sealed record CreditFromPosition(AccountId AccountId, TransferId TransferId, PositionId PositionId, decimal Amount, DateTimeOffset At)
    : IAccountTransferCommand;
