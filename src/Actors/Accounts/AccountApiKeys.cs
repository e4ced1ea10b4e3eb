using System.Collections.Immutable;
using LeverageActors.Actors.Entities;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;

namespace LeverageActors.Actors.Accounts;

/// <summary>
/// The account's API keys, by the hashes of their secrets: the one it was opened with and those
/// added since, less those revoked. A key that leaked is ended by revoking it; an account always
/// keeps one key, or nobody could ever move its funds again.
/// </summary>
public sealed partial record AccountState
{
    /// <summary>Enough for a key per client or machine and one in rotation; bounds what one caller holding a key can make the account keep.</summary>
    public const int MaxApiKeys = 10;

    public ImmutableList<AccountApiKey> ApiKeys { get; init; } = [];

    public bool HoldsKey(string hash) => ApiKeys.Any(k => ApiKeyHashes.Match(k.Hash, hash));

    private ApiKeysResponse KeyListing() => new(Id, [.. ApiKeys.Select(k => new ApiKeyListing(ApiKeyIds.Of(k.Hash), k.AddedAt))]);

    /// <summary>The key a change of keys was made with: the account takes the change only while it holds it.</summary>
    private static string? KeyCaller(IAccountCommand command) => command switch
    {
        AddApiKey c => c.CallerHash,
        RevokeApiKey c => c.CallerHash,
        RevokeOtherApiKeys c => c.KeptHash,
        _ => null,
    };

    private Handling<AccountState, ILeverageEvent> DecideKeys(IAccountCommand command) => command switch
    {
        AddApiKey c when !IsHash(c.ApiKeyHash) =>
            Reject(c, new Rejection(RejectionCodes.InvalidAmount, "An API key's hash is 64 hex digits.")),
        AddApiKey c when HoldsKey(c.ApiKeyHash) => Answer(Accepted(c, alreadyApplied: true)),
        AddApiKey c when ApiKeys.Count >= MaxApiKeys =>
            Reject(c, new Rejection(RejectionCodes.TooManyApiKeys, $"The account holds {ApiKeys.Count} keys, the most it may: revoke one first.")),
        AddApiKey c => Accept(c, new ApiKeyAdded(Id, c.RequestId, c.ApiKeyHash, c.At)),
        GrantFirstApiKey c when !IsHash(c.ApiKeyHash) =>
            Reject(c, new Rejection(RejectionCodes.InvalidAmount, "An API key's hash is 64 hex digits.")),
        GrantFirstApiKey c when HoldsKey(c.ApiKeyHash) => Answer(Accepted(c, alreadyApplied: true)),
        GrantFirstApiKey c when ApiKeys.Count > 0 => Reject(c, new Rejection(RejectionCodes.AccountHoldsKey,
            $"Account {Id} holds {ApiKeys.Count} key(s) already: a holder adds more (POST /accounts/{Id}/keys).")),
        GrantFirstApiKey c => Accept(c, new ApiKeyAdded(Id, c.RequestId, c.ApiKeyHash, c.At)),
        RevokeApiKey c => Revoke(c, [.. ApiKeys.Where(k => ApiKeyIds.Of(k.Hash) == c.KeyId).Select(k => k.Hash)],
            $"The account has no key {c.KeyId}."),
        RevokeOtherApiKeys c => Revoke(c, [.. ApiKeys.Where(k => !ApiKeyHashes.Match(k.Hash, c.KeptHash)).Select(k => k.Hash)], ""),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a key command"),
    };

    private static Rejection CallerRevoked =>
        new(RejectionCodes.InvalidApiKey, "The key this call was made with is no longer the account's: it was revoked.");

    private Handling<AccountState, ILeverageEvent> Revoke(IAccountCommand command, IReadOnlyList<string> hashes, string noneFound)
    {
        if (hashes.Count == 0)
            return command is RevokeOtherApiKeys
                ? Answer(Accepted(command, alreadyApplied: false))
                : Reject(command, new Rejection(RejectionCodes.ApiKeyNotFound, noneFound));
        return hashes.Count >= ApiKeys.Count
            ? Reject(command, new Rejection(RejectionCodes.LastApiKey, "That is the account's last key: add another before revoking it."))
            : Accept(command, new ApiKeysRevoked(Id, command.RequestId, hashes, command.At));
    }

    private static bool IsHash(string hash) => hash is { Length: 64 } && hash.All(char.IsAsciiHexDigitLower);

    private AccountState ApplyKeys(ILeverageEvent evt) => evt switch
    {
        AccountOpened { ApiKeyHash: { } hash } e => this with { ApiKeys = [new AccountApiKey(hash, e.At)] },
        ApiKeyAdded e => this with { ApiKeys = ApiKeys.Add(new AccountApiKey(e.ApiKeyHash, e.At)) },
        ApiKeysRevoked e => this with { ApiKeys = ApiKeys.RemoveAll(k => e.ApiKeyHashes.Contains(k.Hash)) },
        _ => this,
    };
}

/// <summary>One of an account's keys: the hash of its secret, and when the account took it.</summary>
public sealed record AccountApiKey(string Hash, DateTimeOffset AddedAt);
