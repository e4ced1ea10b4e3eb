using System.Text.Json.Serialization;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Messages.Accounts;

/// <summary>An account event caused by a position's transfer rather than by the trader's request.</summary>
public interface IAccountTransferEvent : ILeverageEvent
{
    AccountId AccountId { get; }

    TransferId TransferId { get; }

    DateTimeOffset At { get; }
}

public sealed record CollateralLocked(AccountId AccountId, TransferId TransferId, PositionId PositionId, decimal Amount, DateTimeOffset At)
    : IAccountTransferEvent
{
    /// <summary>The marks a cross-margin account is valued at before this leaves it; null when none was needed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<MarketMark>? Marks { get; init; }
}

public sealed record CollateralCommitted(AccountId AccountId, TransferId TransferId, PositionId PositionId, decimal Amount, DateTimeOffset At)
    : IAccountTransferEvent;

/// <summary><c>Amount</c> is 0 when nothing had been locked: the transfer is closed all the same.</summary>
public sealed record CollateralReleased(AccountId AccountId, TransferId TransferId, PositionId PositionId, decimal Amount, DateTimeOffset At)
    : IAccountTransferEvent;

public sealed record PositionCredited(AccountId AccountId, TransferId TransferId, PositionId PositionId, decimal Amount, DateTimeOffset At)
    : IAccountTransferEvent;
