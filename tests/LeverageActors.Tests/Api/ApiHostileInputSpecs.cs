using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Api;

/// <summary>Malformed and hostile requests: each a 4xx problem with a reason, none a 500, and nothing moves.</summary>
public sealed class ApiHostileInputSpecs : ApiNodeSpec
{
    private sealed record Case(string Name, string Method, string Path, string? Body, int Status, string Code, string ContentType = "application/json");

    private static IEnumerable<Case> Cases(string account, string position)
    {
        var deposits = $"/accounts/{account}/deposits";
        const string open = "/positions";
        string Open(string fields) => "{" + fields + "}";
        return
        [
            new("unterminated object", "POST", deposits, "{", 400, "malformed-json"),
            new("empty body", "POST", deposits, "", 400, "malformed-json"),
            new("null body", "POST", deposits, "null", 400, "malformed-json"),
            new("array body", "POST", deposits, "[]", 400, "malformed-json"),
            new("amount is text", "POST", deposits, """{"amount":"abc"}""", 400, "malformed-json"),
            new("amount is a boolean", "POST", deposits, """{"amount":true}""", 400, "malformed-json"),
            new("amount overflows a double", "POST", deposits, """{"amount":1e400}""", 400, "malformed-json"),
            new("amount overflows a decimal", "POST", deposits, """{"amount":99999999999999999999999999999999}""", 400, "malformed-json"),
            new("amount is an object", "POST", deposits, """{"amount":{"value":1}}""", 400, "malformed-json"),
            new("amount is NaN text", "POST", deposits, """{"amount":"NaN"}""", 400, "malformed-json"),
            new("amount with a thousands separator", "POST", deposits, """{"amount":"1,000"}""", 400, "malformed-json"),
            new("negative amount", "POST", deposits, """{"amount":-5}""", 400, "validation-error"),
            new("negative amount as text", "POST", deposits, """{"amount":"-1"}""", 400, "validation-error"),
            new("zero amount", "POST", deposits, """{"amount":0}""", 400, "validation-error"),
            new("seven decimal places", "POST", deposits, """{"amount":0.0000001}""", 400, "validation-error"),
            new("above a trillion", "POST", deposits, """{"amount":1000000000001}""", 400, "validation-error"),
            new("missing amount", "POST", deposits, "{}", 400, "malformed-json"),
            new("unknown field naming another account", "POST", deposits, """{"amount":10,"accountId":"someone-else"}""", 400, "malformed-json"),
            new("nested 200 deep", "POST", deposits, """{"amount":""" + new string('[', 200) + new string(']', 200) + "}", 400, "malformed-json"),
            new("text/plain body", "POST", deposits, """{"amount":10}""", 415, "unsupported-media-type", "text/plain"),
            new("20 KB body", "POST", deposits, """{"amount":10,"pad":" """ + new string('x', 20_000) + "\"}", 413, "body-too-large"),
            new("PUT on a deposit", "PUT", deposits, """{"amount":10}""", 405, "method-not-allowed"),
            new("side is not a side", "POST", open, Open("\"market\":\"ETH-USD\",\"side\":\"sideways\",\"collateral\":10,\"leverage\":2"), 400, "malformed-json"),
            new("side as a number", "POST", open, Open("\"market\":\"ETH-USD\",\"side\":0,\"collateral\":10,\"leverage\":2"), 400, "malformed-json"),
            new("missing side", "POST", open, Open("\"market\":\"ETH-USD\",\"collateral\":10,\"leverage\":2"), 400, "malformed-json"),
            new("null market", "POST", open, Open("\"market\":null,\"side\":\"long\",\"collateral\":10,\"leverage\":2"), 400, "malformed-json"),
            new("zero leverage", "POST", open, Open("\"market\":\"ETH-USD\",\"side\":\"long\",\"collateral\":10,\"leverage\":0"), 400, "validation-error"),
            new("negative leverage", "POST", open, Open("\"market\":\"ETH-USD\",\"side\":\"long\",\"collateral\":10,\"leverage\":-3"), 400, "validation-error"),
            new("leverage 1000", "POST", open, Open("\"market\":\"ETH-USD\",\"side\":\"long\",\"collateral\":10,\"leverage\":1000"), 400, "leverage-out-of-range"),
            new("cross margin", "POST", open, Open("\"market\":\"ETH-USD\",\"side\":\"long\",\"collateral\":10,\"leverage\":2,\"isolated\":false"), 400, "validation-error"),
            new("path-like market", "POST", open, Open("\"market\":\"../../etc/passwd\",\"side\":\"long\",\"collateral\":10,\"leverage\":2"), 404, "unknown-market"),
            new("script as market", "POST", open, Open("\"market\":\"<script>alert(1)</script>\",\"side\":\"long\",\"collateral\":10,\"leverage\":2"), 404, "unknown-market"),
            new("negative collateral", "POST", open, Open("\"market\":\"ETH-USD\",\"side\":\"long\",\"collateral\":-10,\"leverage\":2"), 400, "validation-error"),
            new("decrease all of it", "POST", $"/positions/{position}/decrease", """{"fraction":1}""", 400, "validation-error"),
            new("decrease by a sliver of 7 decimal places", "POST", $"/positions/{position}/decrease", """{"fraction":0.9999999}""", 400, "validation-error"),
            new("amount given twice", "POST", deposits, """{"amount":1,"amount":5}""", 400, "malformed-json"),
            new("decrease 150%", "POST", $"/positions/{position}/decrease", """{"fraction":1.5}""", 400, "validation-error"),
            new("remove negative collateral", "POST", $"/positions/{position}/collateral/withdrawals", """{"amount":-1}""", 400, "validation-error"),
            new("close a position that does not exist", "POST", "/positions/does-not-exist/close", null, 404, "not-found"),
            new("close a position with a hostile id", "POST", "/positions/%3Cscript%3E/close", null, 404, "not-found"),
            new("LP withdrawal of negative shares", "POST", "/pools/ETH-USD/withdrawals", """{"shares":-1}""", 400, "validation-error"),
            new("LP deposit into an unknown pool", "POST", "/pools/NOPE-USD/deposits", """{"amount":1}""", 404, "unknown-market"),
        ];
    }

    [Fact]
    public async Task Forty_two_bad_requests_are_each_a_4xx_problem_and_move_nothing()
    {
        await Node.OperatorReports("ETH-USD", 2000m);
        var lp = await Node.NewTrader(deposit: 10_000m);
        await lp.Provides("ETH-USD", 10_000m);
        var trader = await Node.NewTrader(deposit: 1_000m);
        var position = await trader.Opens("ETH-USD", "long", 100m, 2m);
        var before = await Json(trader.Get($"/accounts/{trader.Id}"));
        var positionBefore = await Json(trader.Get($"/positions/{position}"));
        await Node.BooksBalance([lp, trader]);
        var rowsBefore = await Database.JournalRows();

        var cases = Cases(trader.Id.Value, position).ToList();
        Assert.True(cases.Count >= 30);
        foreach (var c in cases)
        {
            var request = Node.Request(new HttpMethod(c.Method), c.Path, key: trader.Key);
            if (c.Body is not null)
                request.Content = new StringContent(c.Body, Encoding.UTF8, new MediaTypeHeaderValue(c.ContentType));
            using var response = await Node.Http.SendAsync(request);
            try
            {
                await ProblemAssert.Is(response, (HttpStatusCode)c.Status, c.Code);
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException)
            {
                throw new Xunit.Sdk.XunitException($"case '{c.Name}': {e.Message}");
            }
        }

        using (var hugeKey = await Node.Http.SendAsync(Node.Request(HttpMethod.Get, $"/accounts/{trader.Id}", key: new string('k', 10_000))))
            await ProblemAssert.Is(hugeKey, HttpStatusCode.Unauthorized, "invalid-api-key");

        Assert.Equal(before.ToString(), (await Json(trader.Get($"/accounts/{trader.Id}"))).ToString());
        var positionAfter = await Json(trader.Get($"/positions/{position}"));
        Assert.Equal(positionBefore.GetProperty("collateral").GetDecimal(), positionAfter.GetProperty("collateral").GetDecimal());
        Assert.Equal(positionBefore.GetProperty("quantity").GetDecimal(), positionAfter.GetProperty("quantity").GetDecimal());
        Assert.Single((await Json(trader.Get("/positions"))).GetProperty("positions").EnumerateArray());
        Assert.Equal(rowsBefore, await Database.JournalRows());

        // A refusal by the entities themselves is part of a saga (the account and the pool record
        // the request and its refusal), but still moves nothing.
        await ProblemAssert.Is(trader.Post("/pools/ETH-USD/withdrawals", new { shares = 1m }), HttpStatusCode.UnprocessableEntity, "insufficient-shares");
        Assert.Equal(before.ToString(), (await Json(trader.Get($"/accounts/{trader.Id}"))).ToString());
        await Node.BooksBalance([lp, trader]);
    }
}
