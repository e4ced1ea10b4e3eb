using LeverageActors.Messages.Ids;

namespace LeverageActors.Host.Api.Models;

/// <summary>A key added to an account: the only time its secret is shown.</summary>
public sealed record ApiKeyIssued(AccountId AccountId, string KeyId, string ApiKey, DateTimeOffset AddedAt);

/// <summary>An account's keys; <c>current</c> marks the one the call was made with.</summary>
public sealed record ApiKeyList(AccountId AccountId, IReadOnlyList<ApiKeyView> Keys);

public sealed record ApiKeyView(string KeyId, DateTimeOffset AddedAt, bool Current);
