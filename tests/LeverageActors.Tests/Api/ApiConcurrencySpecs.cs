using System.Net;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Api;

/// <summary>Many traders at once through the API: every open answered, every cent accounted for.</summary>
public sealed class ApiConcurrencySpecs : ApiNodeSpec
{
    private const int Traders = 20;
    private const int OpensEach = 10;

    [Fact]
    public async Task Two_hundred_concurrent_opens_from_twenty_accounts_conserve_money()
    {
        await Node.OperatorReports("ETH-USD", 2000m);
        var lp = await Node.NewTrader(deposit: 10_000_000m);
        await lp.Provides("ETH-USD", 10_000_000m);
        var traders = new List<ApiTrader>();
        for (var i = 0; i < Traders; i++)
            traders.Add(await Node.NewTrader(deposit: 10_000m));

        var opens = traders
            .SelectMany(t => Enumerable.Range(0, OpensEach).Select(n =>
                t.Post("/positions", new { market = "ETH-USD", side = n % 2 == 0 ? "long" : "short", collateral = 500m, leverage = 3m })))
            .ToList();
        var responses = await Task.WhenAll(opens);
        var statuses = responses.Select(r => r.StatusCode).ToList();
        foreach (var response in responses)
            response.Dispose();

        Assert.Equal(Traders * OpensEach, statuses.Count);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
        foreach (var trader in traders)
        {
            Assert.Equal(10_000m - OpensEach * 500m, await trader.FreeBalance());
            var positions = (await Json(trader.Get("/positions"))).GetProperty("positions").EnumerateArray().ToList();
            Assert.Equal(OpensEach, positions.Count);
            Assert.All(positions, p => Assert.Equal("open", p.GetProperty("status").GetString()));
        }

        var pool = await Json(Node.Http.GetAsync("/pools/ETH-USD"));
        // Each position reserves its borrowed exposure: 500 × (3 − 1).
        Assert.Equal(Traders * OpensEach * 1_000m, pool.GetProperty("reserved").GetDecimal());
        await Node.BooksBalance([lp, .. traders]);
    }
}
