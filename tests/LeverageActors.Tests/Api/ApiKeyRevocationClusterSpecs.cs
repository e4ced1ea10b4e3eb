using System.Net;
using LeverageActors.Host.Api.Access;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Api;

/// <summary>
/// A key revoked through one node is refused by another once the other's verification of it has
/// aged past its lifetime (each node remembered a verified key for good before), and a retried
/// key addition never shows a secret the account did not take.
/// </summary>
public sealed class ApiKeyRevocationClusterSpecs : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.InMemory();
    private readonly ManualClock _secondClock = new(DateTimeOffset.UtcNow);
    private TestNode _first = null!;
    private TestNode _second = null!;

    public async Task InitializeAsync()
    {
        _first = await TestNode.StartAsync(_database);
        _second = await TestNode.StartAsync(_database, NodeOptions.Joining(_first) with { Clock = _secondClock });
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task The_other_node_refuses_a_revoked_key_once_its_verification_is_older_than_the_lifetime()
    {
        var old = await _first.NewTrader(deposit: 100m);
        Assert.Equal(100m, await old.On(_second).FreeBalance());
        var renewed = new ApiTrader(_first, old.Id,
            (await Json(old.Post($"/accounts/{old.Id}/keys"), HttpStatusCode.Created)).GetProperty("apiKey").GetString()!);

        await Json(renewed.Post($"/accounts/{old.Id}/keys/revoke-others"));
        await ProblemAssert.Is(old.Get($"/accounts/{old.Id}"), HttpStatusCode.Unauthorized, "invalid-api-key");

        _secondClock.Now += VerifiedKeys.DefaultLifetime;
        await ProblemAssert.Is(old.On(_second).Get($"/accounts/{old.Id}"), HttpStatusCode.Unauthorized, "invalid-api-key");
        Assert.Equal(100m, await renewed.On(_second).FreeBalance());
    }

    [Fact]
    public async Task A_key_addition_retried_on_the_same_node_shows_the_same_key_and_on_another_shows_none()
    {
        var alice = await _first.NewTrader();

        var added = await Json(alice.Post($"/accounts/{alice.Id}/keys", null, "add-once"), HttpStatusCode.Created);
        var replayed = await Json(alice.Post($"/accounts/{alice.Id}/keys", null, "add-once"), HttpStatusCode.Created);
        await ProblemAssert.Is(alice.On(_second).Post($"/accounts/{alice.Id}/keys", null, "add-once"), HttpStatusCode.Conflict, "api-key-already-added");

        Assert.Equal(added.GetProperty("apiKey").GetString(), replayed.GetProperty("apiKey").GetString());
        Assert.Equal(2, (await Json(alice.Get($"/accounts/{alice.Id}/keys"))).GetProperty("keys").GetArrayLength());
        var key = new ApiTrader(_second, alice.Id, added.GetProperty("apiKey").GetString()!);
        Assert.Equal(0m, await key.FreeBalance());
    }
}
