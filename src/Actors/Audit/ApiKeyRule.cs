using LeverageActors.Actors.Accounts;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// An account's keys changed only as the account's rule changes them: opened once; a key added is a
/// key hash (64 hex digits) the account did not hold, within its limit; a revocation ends keys it
/// held and leaves it one. A row inserted that the rule would refuse (a second open replacing the
/// keys, a key past the limit, the last one revoked) is named even where its links were
/// recomputed; a forged key added within the rule is for the chains and the digests to find.
/// </summary>
public static class ApiKeyRule
{
    public static AuditFinding? Check(ILeverageEvent evt, AccountState before) => evt switch
    {
        AccountOpened e when before.IsOpen =>
            new AuditFinding("api-keys", "an account opened once", $"opened again (request {e.RequestId}), its keys replaced"),
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
