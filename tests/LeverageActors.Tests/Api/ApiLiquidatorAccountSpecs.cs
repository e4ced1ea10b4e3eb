using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeverageActors.Messages.Ids;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Api;

/// <summary>
/// A read-only review (API keys, CONFIRMED): the node opens the liquidators' account
/// (<c>Liquidation:Account</c>) without a key, so the rewards credited to it could never leave it and
/// nobody could deposit the USD that collateral sales need, though the README asks the operator to.
/// The operator takes its first key once, then uses the account's own endpoints.
/// </summary>
public sealed class ApiLiquidatorAccountSpecs : ApiNodeSpec
{
    private const string Path = "/operator/liquidator/keys";

    [Fact]
    public async Task The_operator_takes_the_liquidators_first_key_once_and_funds_the_account_with_it()
    {
        await Node.MarketIsWatched("ETH-USD");
        var alice = await Node.NewTrader(deposit: 100m);
        await ProblemAssert.Is(alice.Post(Path), HttpStatusCode.Forbidden, "operator-only");
        await ProblemAssert.Is(Node.Http.SendAsync(Node.Request(HttpMethod.Post, Path)), HttpStatusCode.Unauthorized, "missing-api-key");

        // The liquidator opens the account when it starts, a message the account may take a moment after.
        JsonElement issued = default;
        await Eventually.Holds("the liquidators' account to take its first key", async () =>
        {
            using var answer = await Node.Http.SendAsync(Node.Request(HttpMethod.Post, Path, key: TestNode.OperatorKey));
            if (answer.StatusCode != HttpStatusCode.Created)
                return false;
            issued = await answer.Content.ReadFromJsonAsync<JsonElement>();
            return true;
        });
        var liquidator = new ApiTrader(Node, AccountId.From(issued.GetProperty("accountId").GetString()!), issued.GetProperty("apiKey").GetString()!);
        Assert.Equal("liquidator", liquidator.Id.Value);

        (await liquidator.Post($"/accounts/{liquidator.Id}/deposits", new { amount = 50_000m })).EnsureSuccessStatusCode();
        Assert.Equal(50_000m, await liquidator.FreeBalance());
        (await liquidator.Post($"/accounts/{liquidator.Id}/withdrawals", new { amount = 1_000m })).EnsureSuccessStatusCode();
        Assert.Equal(49_000m, await liquidator.FreeBalance());

        // Once it holds a key the operator takes no other: the key holder adds keys.
        await ProblemAssert.Is(Node.Http.SendAsync(Node.Request(HttpMethod.Post, Path, key: TestNode.OperatorKey)),
            HttpStatusCode.Conflict, "account-holds-key");
        await Json(liquidator.Post($"/accounts/{liquidator.Id}/keys"), HttpStatusCode.Created);
        Assert.Equal(100m, await alice.FreeBalance());
    }
}
