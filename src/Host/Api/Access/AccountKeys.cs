using LeverageActors.Host.Api.Problems;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using Microsoft.AspNetCore.Http;

namespace LeverageActors.Host.Api.Access;

/// <summary>
/// Checks a caller's key against the account it names. A key once verified is remembered for a
/// while (by its hash, <see cref="VerifiedKeys"/>) and later calls skip the account round trip; a
/// revoked key is refused by every node as soon as the account's notice of the revocation reaches
/// it (<see cref="KeyRevocationListener"/>), and once that while has passed by a node the notice missed.
/// </summary>
public sealed class AccountKeys(TradingGateway gateway, ApiSettings settings)
{
    private readonly VerifiedKeys _verified = new(settings.VerifiedKeyLifetime);

    public async Task<(AccountId? Account, ApiAnswer? Problem)> Authenticate(HttpRequest request, CancellationToken token)
    {
        if (BearerToken.Of(request) is not { } presented)
            return (null, ProblemKinds.MissingKey.Answer("Send the account's key as 'Authorization: Bearer lvk.…'."));
        if (ApiKey.Parse(presented) is not { } key)
            return (null, ProblemKinds.InvalidKey.Answer("The key is not a LeverageActors API key."));

        var hash = key.Hash;
        if (_verified.Knows(hash, key.Account, gateway.Now))
            return (key.Account, null);

        var asked = _verified.Before(key.Account);
        var answer = (ApiKeyVerified)await gateway.Ask(new VerifyApiKey(key.Account, hash), token);
        if (!answer.Valid)
            return (null, ProblemKinds.InvalidKey.Answer("The key is not valid for any account."));
        _verified.Remember(hash, key.Account, gateway.Now, asked);
        return (key.Account, null);
    }

    /// <summary>The account's keys were revoked (through this node, or a notice from any): none of them is taken on trust any more.</summary>
    public void Forget(AccountId account) => _verified.Forget(account, gateway.Now);
}
