using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Akka.Actor;
using LeverageActors.Actors.Markets;
using LeverageActors.Host.Node;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Risk;

namespace LeverageActors.Tests.Support;

/// <summary>What the specs do with a <see cref="TestNode"/>: traders over its API, operator prices, and its books checked.</summary>
public sealed partial class TestNode
{
    public async Task<ApiTrader> NewTrader(decimal deposit = 0)
    {
        using var created = await Http.PostAsync("/accounts", null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var trader = new ApiTrader(this, AccountId.From(body.GetProperty("accountId").GetString()!), body.GetProperty("apiKey").GetString()!);
        if (deposit > 0)
            (await trader.Post($"/accounts/{trader.Id}/deposits", new { amount = deposit })).EnsureSuccessStatusCode();
        return trader;
    }

    public HttpRequestMessage Request(HttpMethod method, string path, object? body = null, string? key = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = JsonContent.Create(body);
        if (key is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    /// <summary>Two of the oracle's three sources report the price now (its quorum), over HTTP as an operator.</summary>
    public async Task OperatorReports(string market, decimal price)
    {
        foreach (var source in OracleParameters.Default.Sources.Take(OracleParameters.Default.Quorum))
        {
            using var response = await Http.SendAsync(Request(HttpMethod.Post, $"/operator/markets/{market}/prices",
                new { source, price }, OperatorKey));
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>Waits until the market's risk index has caught up with the journal and its liquidator runs.</summary>
    public Task MarketIsWatched(string market) =>
        Eventually.Holds($"the risk index of {market} to catch up", async () =>
            await MarketWatch.Ask<object>(new GetRiskIndexStatus(MarketId.From(market)), Timeout) is RiskIndexStatus { CaughtUp: true }
            && await MarketWatch.Ask<object>(new GetLiquidatorStatus(MarketId.From(market)), Timeout) is LiquidatorStatus);

    /// <summary>
    /// DESIGN §4 invariants over every account the API created (and the liquidator's), their
    /// positions and every pool, once no saga is in flight: read from the entities, not the API.
    /// </summary>
    public async Task BooksBalance(IEnumerable<ApiTrader> traders)
    {
        var ids = traders.Select(t => t.Id).Append(AccountId.From(new NodeSettings().LiquidatorAccount)).Distinct().ToList();
        var positions = new List<PositionId>();
        foreach (var id in ids)
            if (await Accounts.Ask<object>(new GetAccountPositions(id), Timeout) is AccountPositions mine)
                positions.AddRange(mine.Positions);
        (await Books.Settled(Accounts, Positions, Pools, ids, positions, MarketCatalog.Default.Markets.Keys, DateTimeOffset.UtcNow, Assets))
            .AssertBalanced();
    }
}
