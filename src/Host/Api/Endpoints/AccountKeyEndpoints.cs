using LeverageActors.Host.Api.Access;
using LeverageActors.Host.Api.Idempotency;
using LeverageActors.Host.Api.Models;
using LeverageActors.Host.Api.Problems;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LeverageActors.Host.Api.Endpoints;

/// <summary>
/// An account's API keys: list them, add one (its secret shown once), revoke one or every other.
/// A leaked key is ended by revoking every other key with one the trader holds, then replacing that
/// one if it was the leaked key (README, "Rotating and revoking keys").
/// </summary>
public static class AccountKeyEndpoints
{
    public static void MapAccountKeys(this RouteGroupBuilder own)
    {
        own.MapGet("/keys", List).WithSummary("The account's API keys: id, when added, and which one this call used").Produces<ApiKeyList>();
        own.MapPost("/keys", Add)
            .WithSummary("Add an API key to the account (at most 10); the answer holds it, shown this once")
            .Produces<ApiKeyIssued>(StatusCodes.Status201Created);
        own.MapDelete("/keys/{keyId}", (HttpContext http, string accountId, string keyId, TradingGateway gateway, AccountKeys keys, KeyRevocations revocations) =>
                Revoke(http, accountId, gateway, keys, revocations, request => new RevokeApiKey(Caller.Of(http), request, keyId, PresentedHash(http), gateway.Now)))
            .WithSummary("Revoke one of the account's keys; never its last").Produces<ApiKeyList>();
        own.MapPost("/keys/revoke-others", (HttpContext http, string accountId, TradingGateway gateway, AccountKeys keys, KeyRevocations revocations) =>
                Revoke(http, accountId, gateway, keys, revocations, request => new RevokeOtherApiKeys(Caller.Of(http), request, PresentedHash(http), gateway.Now)))
            .WithSummary("Revoke every key of the account but the one this call is made with").Produces<ApiKeyList>();
    }

    private static async Task<IResult> List(HttpContext http, string accountId, TradingGateway gateway) =>
        AccountEndpoints.NotCallers(http, accountId) is { } notFound
            ? notFound.ToResult()
            : await ApiAnswer.Respond(() => Listing(http, gateway));

    /// <summary>
    /// Not through the kept answers (<see cref="Mutations"/>):
    /// they would hand the new secret to anyone who sent the same Idempotency-Key with any key of the
    /// account for a day (review of cd4320c). A retry is recognised by the account and shows no key.
    /// </summary>
    private static async Task<IResult> Add(HttpContext http, string accountId, TradingGateway gateway)
    {
        if (AccountEndpoints.NotCallers(http, accountId) is { } notFound)
            return notFound.ToResult();
        var (request, invalid) = Mutations.RequestNotReplayed(http);
        if (invalid is not null)
            return invalid.ToResult();
        return await ApiAnswer.Respond(async () =>
        {
            var account = Caller.Of(http);
            var key = ApiKey.New(account);
            var at = gateway.Now;
            var reply = await gateway.Ask(new AddApiKey(account, request, key.Hash, PresentedHash(http), at), http.RequestAborted);
            return reply switch
            {
                AccountCommandAccepted { AlreadyApplied: false } =>
                    ApiAnswer.Created(new ApiKeyIssued(account, ApiKeyIds.Of(key.Hash), key.ToString(), at)),
                AccountCommandAccepted => ProblemKinds.KeyAlreadyAdded.Answer(
                    "This request added a key already, and its secret was shown once: list the keys and revoke the one you do not hold."),
                _ => Replies.Answer(reply),
            };
        });
    }

    private static Task<IResult> Revoke(HttpContext http, string accountId, TradingGateway gateway, AccountKeys keys, KeyRevocations revocations,
        Func<Messages.Ids.RequestId, IAccountCommand> command) =>
        AccountEndpoints.NotCallers(http, accountId) is { } notFound
            ? Task.FromResult(notFound.ToResult())
            // The caller's key is part of the request: an answer kept for a retry is never shown to another key (review of df04576).
            : Mutations.Run(http, PresentedHash(http), async request =>
            {
                // Before as well as after, even when the answer is lost (a timeout, a caller gone): the revocation may have taken effect.
                keys.Forget(Caller.Of(http));
                var answered = false;
                try
                {
                    var reply = await gateway.Ask(command(request), http.RequestAborted);
                    answered = true;
                    return reply is AccountCommandAccepted ? await Listing(http, gateway) : Replies.Answer(reply);
                }
                finally
                {
                    // An answer means the account announced what it persisted, if anything; announcing every answer
                    // would let a request that revokes nothing cost each node an entry. With none, it may have.
                    if (answered)
                        keys.Forget(Caller.Of(http));
                    else
                        revocations.Announce(Caller.Of(http));
                }
            });

    private static async Task<ApiAnswer> Listing(HttpContext http, TradingGateway gateway)
    {
        var reply = await gateway.Ask(new GetApiKeys(Caller.Of(http), PresentedHash(http)), http.RequestAborted);
        if (reply is not ApiKeysResponse listed)
            return Replies.Answer(reply);
        var current = ApiKeyIds.Of(PresentedHash(http));
        return ApiAnswer.Ok(new ApiKeyList(listed.AccountId, [.. listed.Keys.Select(k => new ApiKeyView(k.KeyId, k.AddedAt, k.KeyId == current))]));
    }

    /// <summary>The hash of the key this call was authenticated with (the filter parsed it before).</summary>
    private static string PresentedHash(HttpContext http) => ApiKey.Parse(BearerToken.Of(http.Request)!)!.Hash;
}
