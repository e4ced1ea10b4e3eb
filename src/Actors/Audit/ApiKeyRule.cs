using LeverageActors.Actors.Accounts;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// An account's keys changed only as the account's rule changes them: a key added is a key hash
/// (64 hex digits) the account did not hold, within its limit; a revocation ends keys it held and
/// leaves it one. A row inserted to give a forger's key to an account, or to leave it with none,
/// is named even where its links were recomputed.
/// </summary>
public static class ApiKeyRule
{
    public static AuditFinding? Check(ILeverageEvent evt, AccountState before) => evt switch
    {
        ApiKeyAdded e when !before.IsOpen || e.ApiKeyHash is not { Length: 64 } || !e.ApiKeyHash.All(char.IsAsciiHexDigitLower)
                           || before.HoldsKey(e.ApiKeyHash) || before.ApiKeys.Count >= AccountState.MaxApiKeys =>
            new AuditFinding("api-keys", $"a new key hash for an open account holding fewer than {AccountState.MaxApiKeys} keys",
                $"{e.ApiKeyHash} added to {before.ApiKeys.Count} keys"),
        ApiKeysRevoked e when e.ApiKeyHashes is not { Count: > 0 } hashes || !hashes.All(before.HoldsKey)
                              || hashes.Distinct().Count() >= before.ApiKeys.Count =>
            new AuditFinding("api-keys", $"keys the account held, one at least left of its {before.ApiKeys.Count}",
                $"{e.ApiKeyHashes?.Count ?? 0} revoked"),
        _ => null,
    };
}
