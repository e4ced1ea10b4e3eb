using System.Net;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Api;

/// <summary>Who may read and act on what: own account and positions only; the operator's endpoints need the operator key.</summary>
public sealed class ApiAuthorizationSpecs : ApiNodeSpec
{
    [Fact]
    public async Task Another_accounts_balance_and_positions_read_as_missing_and_cannot_be_touched()
    {
        await Node.OperatorReports("ETH-USD", 2000m);
        var lp = await Node.NewTrader(deposit: 100_000m);
        await lp.Provides("ETH-USD", 100_000m);
        var alice = await Node.NewTrader(deposit: 5_000m);
        var mallory = await Node.NewTrader(deposit: 5_000m);
        var position = await alice.Opens("ETH-USD", "long", 1_000m, 3m);

        (string Method, string Path, object? Body)[] others =
        [
            ("GET", $"/accounts/{alice.Id}", null),
            ("POST", $"/accounts/{alice.Id}/withdrawals", new { amount = 1m }),
            ("POST", $"/accounts/{alice.Id}/deposits", new { amount = 1m }),
            ("GET", $"/positions/{position}", null),
            ("GET", $"/positions/{position}/history", null),
            ("POST", $"/positions/{position}/close", null),
            ("POST", $"/positions/{position}/decrease", new { fraction = 0.5m }),
            ("POST", $"/positions/{position}/collateral", new { amount = 1m }),
            ("POST", $"/positions/{position}/collateral/withdrawals", new { amount = 1m }),
        ];
        foreach (var (method, path, body) in others)
        {
            var problem = (await ProblemAssert.Is(mallory.Send(new HttpMethod(method), path, body), HttpStatusCode.NotFound, "not-found")).ToString();
            // Alice's free balance is 4,000 and her position holds 1,000 less the opening fee,
            // 0.05% of 3,000 = 1.5, so 998.5 (asserted from her own view below): neither may show.
            foreach (var secret in new[] { "4000", "998.5", "freeBalance", "collateral", "ETH-USD" })
                Assert.DoesNotContain(secret, problem);
        }

        // Mallory's own list does not show Alice's position; Alice's does.
        Assert.Equal(0, (await Json(mallory.Get("/positions"))).GetProperty("positions").GetArrayLength());
        Assert.Equal(1, (await Json(alice.Get("/positions"))).GetProperty("positions").GetArrayLength());
        var view = await Json(alice.Get($"/positions/{position}"));
        Assert.Equal("open", view.GetProperty("status").GetString());
        Assert.Equal(998.5m, view.GetProperty("collateral").GetDecimal());
        Assert.Equal(4_000m, await alice.FreeBalance());
        Assert.Equal(5_000m, await mallory.FreeBalance());
        await Node.BooksBalance([lp, alice, mallory]);
    }

    [Fact]
    public async Task A_missing_or_wrong_key_is_401_and_the_operator_key_is_needed_for_operator_endpoints()
    {
        var alice = await Node.NewTrader(deposit: 100m);
        var forged = alice.Key[..^4] + (alice.Key.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        var path = $"/accounts/{alice.Id}";

        await ProblemAssert.Is(Node.Http.SendAsync(Node.Request(HttpMethod.Get, path)), HttpStatusCode.Unauthorized, "missing-api-key");
        await ProblemAssert.Is(Node.Http.SendAsync(Node.Request(HttpMethod.Get, path, key: forged)), HttpStatusCode.Unauthorized, "invalid-api-key");
        await ProblemAssert.Is(Node.Http.SendAsync(Node.Request(HttpMethod.Get, path, key: "not-a-key")), HttpStatusCode.Unauthorized, "invalid-api-key");
        await ProblemAssert.Is(Node.Http.SendAsync(Node.Request(HttpMethod.Post, $"{path}/deposits", new { amount = 1m }, TestNode.OperatorKey)),
            HttpStatusCode.Unauthorized, "invalid-api-key");
        var keyOfNobody = alice.Key.Replace(alice.Id.Value, "acct-0000000000000000", StringComparison.Ordinal);
        await ProblemAssert.Is(Node.Http.SendAsync(Node.Request(HttpMethod.Get, "/accounts/acct-0000000000000000", key: keyOfNobody)),
            HttpStatusCode.Unauthorized, "invalid-api-key");
        using (var challenged = await Node.Http.SendAsync(Node.Request(HttpMethod.Get, path)))
            Assert.Equal("Bearer", challenged.Headers.WwwAuthenticate.Single().Scheme);

        foreach (var (method, anyPath) in new[]
                 {
                     ("GET", "/positions"), ("POST", "/positions"), ("GET", "/positions/p1"), ("POST", "/positions/p1/close"),
                     ("GET", "/positions/p1/history"), ("POST", "/pools/ETH-USD/deposits"), ("POST", "/pools/ETH-USD/withdrawals"),
                 })
        {
            await ProblemAssert.Is(Node.Http.SendAsync(Node.Request(new HttpMethod(method), anyPath)), HttpStatusCode.Unauthorized, "missing-api-key");
            await ProblemAssert.Is(Node.Http.SendAsync(Node.Request(new HttpMethod(method), anyPath, key: forged)), HttpStatusCode.Unauthorized, "invalid-api-key");
        }

        var report = new { source = "source-a", price = 2000m };
        await ProblemAssert.Is(Node.Http.SendAsync(Node.Request(HttpMethod.Post, "/operator/markets/ETH-USD/prices", report)),
            HttpStatusCode.Unauthorized, "missing-api-key");
        await ProblemAssert.Is(alice.Post("/operator/markets/ETH-USD/prices", report), HttpStatusCode.Forbidden, "operator-only");
        await ProblemAssert.Is(alice.Post("/operator/markets/ETH-USD/halt", new { minutes = 5 }), HttpStatusCode.Forbidden, "operator-only");
        await ProblemAssert.Is(alice.Get("/operator/markets/ETH-USD"), HttpStatusCode.Forbidden, "operator-only");
        var configuration = await Json(Node.Http.SendAsync(Node.Request(HttpMethod.Get, "/operator/markets/ETH-USD", key: TestNode.OperatorKey)));
        Assert.Equal(2, configuration.GetProperty("oracle").GetProperty("quorum").GetInt32());
        Assert.Equal(50m, configuration.GetProperty("parameters").GetProperty("maxLeverage").GetDecimal());
        await Json(Node.Http.SendAsync(Node.Request(HttpMethod.Post, "/operator/markets/ETH-USD/prices", report, TestNode.OperatorKey)));
        var second = await Json(Node.Http.SendAsync(Node.Request(HttpMethod.Post, "/operator/markets/ETH-USD/prices",
            new { source = "source-b", price = 2000m }, TestNode.OperatorKey)));
        Assert.Equal(2000m, second.GetProperty("now").GetProperty("price").GetDecimal());

        // Public reads need no key.
        await Json(Node.Http.GetAsync("/markets"));
        await Json(Node.Http.GetAsync("/pools/ETH-USD"));
        Assert.Equal(100m, await alice.FreeBalance());
    }
}
