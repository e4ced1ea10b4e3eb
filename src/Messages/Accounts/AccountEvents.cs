using System.Text.Json.Serialization;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Accounts;

/// <summary>Every account event names the request that caused it, so a retry is recognised after recovery.</summary>
public interface IAccountEvent : ILeverageEvent
{
    AccountId AccountId { get; }

    RequestId RequestId { get; }

    DateTimeOffset At { get; }
}

/// <summary><c>ApiKeyHash</c> is absent from accounts opened before the HTTP API existed.</summary>
public sealed record AccountOpened(AccountId AccountId, RequestId RequestId, DateTimeOffset At, string? ApiKeyHash = null)
    : IAccountEvent;

public sealed record FundsDeposited(AccountId AccountId, RequestId RequestId, decimal Amount, DateTimeOffset At)
    : IAccountEvent;

public sealed record FundsWithdrawn(AccountId AccountId, RequestId RequestId, decimal Amount, DateTimeOffset At)
    : IAccountEvent
{
    /// <summary>The marks a cross-margin account is valued at before this leaves it; null when none was needed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<MarketMark>? Marks { get; init; }
}

/// <summary>The account took one more API key, by the hash of its secret.</summary>
public sealed record ApiKeyAdded(AccountId AccountId, RequestId RequestId, string ApiKeyHash, DateTimeOffset At)
    : IAccountEvent;

/// <summary>These keys of the account stopped being valid; at least one other stays.</summary>
public sealed record ApiKeysRevoked(AccountId AccountId, RequestId RequestId, IReadOnlyList<string> ApiKeyHashes, DateTimeOffset At)
    : IAccountEvent;
