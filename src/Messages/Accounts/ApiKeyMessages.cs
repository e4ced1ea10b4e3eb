using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Accounts;

/// <summary>
/// Gives the account one more API key (hex SHA-256 of its secret): the trader rotates by adding a
/// key, moving to it and revoking the old one, so a lost answer never leaves the account without
/// a key it holds. <c>CallerHash</c> is the key the call was made with: the account takes the command
/// only while it still holds that key, so a key revoked (and still trusted for a while by a node's
/// cache) cannot add a key that outlives the revocation.
/// </summary>
public sealed record AddApiKey(AccountId AccountId, RequestId RequestId, string ApiKeyHash, string CallerHash, DateTimeOffset At) : IAccountCommand;

/// <summary>
/// The operator's first key for an account the node opened without one: the liquidators' account
/// (<c>Liquidation:Account</c>), credited with their rewards and buying the collateral liquidated
/// cross accounts sell, whose USD nobody could otherwise deposit or withdraw. Taken only while the
/// account holds no key, so it never adds a key beside one a trader holds.
/// </summary>
public sealed record GrantFirstApiKey(AccountId AccountId, RequestId RequestId, string ApiKeyHash, DateTimeOffset At) : IAccountCommand;

/// <summary>Revokes the account's key of that id (<see cref="ApiKeyIds"/>), if the caller's key is still the account's; its last key is never revoked.</summary>
public sealed record RevokeApiKey(AccountId AccountId, RequestId RequestId, string KeyId, string CallerHash, DateTimeOffset At) : IAccountCommand;

/// <summary>
/// Revokes every key of the account but the one whose hash is kept, in one event: a trader whose
/// key leaked ends every key the holder of it may have added, with no window between them.
/// </summary>
public sealed record RevokeOtherApiKeys(AccountId AccountId, RequestId RequestId, string KeptHash, DateTimeOffset At) : IAccountCommand;

/// <summary>The account's keys, by id and when each was added: never their hashes; to a caller whose key (<c>CallerHash</c>) the account holds.</summary>
public sealed record GetApiKeys(AccountId AccountId, string CallerHash) : IWithAccountId;

public sealed record ApiKeysResponse(AccountId AccountId, IReadOnlyList<ApiKeyListing> Keys) : ILeverageMessage;

public sealed record ApiKeyListing(string KeyId, DateTimeOffset AddedAt);

/// <summary>A key's public name: the start of its hash, enough to tell an account's few keys apart, nothing to guess the secret by.</summary>
public static class ApiKeyIds
{
    public static string Of(string hash) => "key-" + hash[..Math.Min(16, hash.Length)];
}
