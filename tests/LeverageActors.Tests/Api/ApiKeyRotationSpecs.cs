using System.Net;
using LeverageActors.Tests.Audit;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Api;

/// <summary>
/// A trader rotates and revokes the account's API keys (API review, CONFIRMED: a key was the
/// account's for life, so a leaked one controlled it for good): the revocation holds after a
/// restart, the journal audits clean, and the money never moves.
/// </summary>
public sealed class ApiKeyRotationSpecs() : ApiNodeSpec(TestDatabase.OnDisk())
{
    private static async Task<ApiTrader> AddedKey(ApiTrader trader, TestNode node, string? idempotencyKey = null) =>
        new(node, trader.Id, (await Json(trader.Post($"/accounts/{trader.Id}/keys", null, idempotencyKey), HttpStatusCode.Created))
            .GetProperty("apiKey").GetString()!);

    private static async Task<List<(string Id, bool Current)>> Keys(ApiTrader trader) =>
        [.. (await Json(trader.Get($"/accounts/{trader.Id}/keys"))).GetProperty("keys").EnumerateArray()
            .Select(k => (k.GetProperty("keyId").GetString()!, k.GetProperty("current").GetBoolean()))];

    private static Task Refused(ApiTrader trader) =>
        ProblemAssert.Is(trader.Get($"/accounts/{trader.Id}"), HttpStatusCode.Unauthorized, "invalid-api-key");

    [Fact]
    public async Task A_trader_moves_to_a_new_key_and_the_old_one_is_refused_at_once_and_after_a_restart()
    {
        var old = await Node.NewTrader(deposit: 1_000m);
        var renewed = await AddedKey(old, Node);
        var listed = await Keys(old);
        Assert.Equal(2, listed.Count);
        var (oldId, _) = Assert.Single(listed, k => k.Current);

        await Json(renewed.Post($"/accounts/{old.Id}/deposits", new { amount = 500m }));
        var left = await Json(renewed.Send(HttpMethod.Delete, $"/accounts/{old.Id}/keys/{oldId}"));

        var (newId, current) = Assert.Single(left.GetProperty("keys").EnumerateArray()
            .Select(k => (k.GetProperty("keyId").GetString()!, k.GetProperty("current").GetBoolean())));
        Assert.NotEqual(oldId, newId);
        Assert.True(current);
        // The old key was verified (and remembered) by this node before: forgotten with the revocation.
        await Refused(old);
        await ProblemAssert.Is(renewed.Send(HttpMethod.Delete, $"/accounts/{old.Id}/keys/{newId}"), HttpStatusCode.Conflict, "last-api-key");
        await ProblemAssert.Is(renewed.Send(HttpMethod.Delete, $"/accounts/{old.Id}/keys/{oldId}"), HttpStatusCode.NotFound, "api-key-not-found");
        Assert.Equal(1_500m, await renewed.FreeBalance());

        await Node.DisposeAsync();
        Node = await TestNode.StartAsync(Database);
        await Refused(old.On(Node));
        Assert.Equal(1_500m, await renewed.On(Node).FreeBalance());
        await Node.BooksBalance([renewed.On(Node)]);
        await Node.DisposeAsync();
        Assert.Empty(AuditJournal.Replay(Database).Violations);
    }

    /// <summary>
    /// README's steps for a leaked key: the holder of it has filled every slot with keys of their own;
    /// revoking the others with the trader's key ends them all in one event, then a new key replaces
    /// the leaked one.
    /// </summary>
    [Fact]
    public async Task Revoking_the_others_ends_a_leaked_key_and_every_key_its_holder_added()
    {
        var alice = await Node.NewTrader(deposit: 1_000m);
        var leaked = alice;
        var mallorys = new List<ApiTrader>();
        for (var i = 1; i < Actors.Accounts.AccountState.MaxApiKeys; i++)
            mallorys.Add(await AddedKey(leaked, Node));
        await ProblemAssert.Is(alice.Post($"/accounts/{alice.Id}/keys"), HttpStatusCode.Conflict, "too-many-api-keys");

        Assert.Single((await Json(alice.Post($"/accounts/{alice.Id}/keys/revoke-others"))).GetProperty("keys").EnumerateArray());
        var fresh = await AddedKey(alice, Node);
        var leakedId = Assert.Single(await Keys(fresh), k => !k.Current).Id;
        await Json(fresh.Send(HttpMethod.Delete, $"/accounts/{alice.Id}/keys/{leakedId}"));

        await Refused(leaked);
        foreach (var key in mallorys)
        {
            await Refused(key);
            await ProblemAssert.Is(key.Post($"/accounts/{alice.Id}/keys"), HttpStatusCode.Unauthorized, "invalid-api-key");
        }

        Assert.Equal(1_000m, await fresh.FreeBalance());
        // Nothing left to revoke: answered, nothing changes.
        Assert.Single((await Json(fresh.Post($"/accounts/{alice.Id}/keys/revoke-others"))).GetProperty("keys").EnumerateArray());
        await Node.BooksBalance([fresh]);
    }

    [Fact]
    public async Task Another_accounts_keys_read_as_missing_and_the_limit_of_keys_is_kept()
    {
        var alice = await Node.NewTrader();
        var mallory = await Node.NewTrader();

        await ProblemAssert.Is(mallory.Get($"/accounts/{alice.Id}/keys"), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.Is(mallory.Post($"/accounts/{alice.Id}/keys"), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.Is(mallory.Post($"/accounts/{alice.Id}/keys/revoke-others"), HttpStatusCode.NotFound, "not-found");
        var aliceKey = Assert.Single(await Keys(alice)).Id;
        await ProblemAssert.Is(mallory.Send(HttpMethod.Delete, $"/accounts/{alice.Id}/keys/{aliceKey}"), HttpStatusCode.NotFound, "not-found");
        Assert.Single(await Keys(alice));

        for (var i = 1; i < Actors.Accounts.AccountState.MaxApiKeys; i++)
            await AddedKey(alice, Node);
        await ProblemAssert.Is(alice.Post($"/accounts/{alice.Id}/keys"), HttpStatusCode.Conflict, "too-many-api-keys");
        Assert.Equal(Actors.Accounts.AccountState.MaxApiKeys, (await Keys(alice)).Count);
    }
}
