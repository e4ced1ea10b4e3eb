using System.Text.Json.Serialization;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Accounts;

/// <summary>A command that changes an account. <c>At</c> is the caller's clock value, recorded in the event.</summary>
public interface IAccountCommand : IWithAccountId
{
    RequestId RequestId { get; }

    DateTimeOffset At { get; }
}

/// <summary>
/// Opens an account. <c>ApiKeyHash</c> (hex SHA-256 of the key's secret) is what the HTTP API checks
/// a caller's key against; the key itself is never stored. Null for accounts opened inside the node.
/// </summary>
public sealed record OpenAccount(AccountId AccountId, RequestId RequestId, DateTimeOffset At, string? ApiKeyHash = null)
    : IAccountCommand;

public sealed record DepositFunds(AccountId AccountId, RequestId RequestId, decimal Amount, DateTimeOffset At)
    : IAccountCommand;

public sealed record WithdrawFunds(AccountId AccountId, RequestId RequestId, decimal Amount, DateTimeOffset At)
    : IAccountCommand
{
    /// <summary>The marks a cross-margin account is valued at before this leaves it; null when none was needed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<MarketMark>? Marks { get; init; }
}
