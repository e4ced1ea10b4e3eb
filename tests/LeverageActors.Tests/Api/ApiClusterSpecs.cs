using System.Net;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Api;

/// <summary>Two nodes of one cluster on one journal: either API reaches every entity, and a retry on the other node moves money once.</summary>
public sealed class ApiClusterSpecs : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.InMemory();
    private TestNode _first = null!;
    private TestNode _second = null!;

    public async Task InitializeAsync()
    {
        _first = await TestNode.StartAsync(_database);
        _second = await TestNode.StartAsync(_database, NodeOptions.Joining(_first));
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task A_retry_through_the_other_node_is_applied_once_and_either_node_serves_the_position()
    {
        var health = await Json(_second.Http.GetAsync("/health"));
        Assert.Equal(2, health.GetProperty("members").EnumerateArray().Count(m => m.GetProperty("status").GetString() == "Up"));

        await _first.OperatorReports("ETH-USD", 2000m);
        var lp = await _first.NewTrader(deposit: 100_000m);
        await lp.Provides("ETH-USD", 100_000m);
        var onFirst = await _first.NewTrader();
        var onSecond = onFirst.On(_second);

        await Json(onFirst.Post($"/accounts/{onFirst.Id}/deposits", new { amount = 1_000m }, "deposit-once"));
        // The second node never saw the first answer: the entity recognises the request.
        var retried = await Json(onSecond.Post($"/accounts/{onFirst.Id}/deposits", new { amount = 1_000m }, "deposit-once"));
        Assert.True(retried.GetProperty("alreadyApplied").GetBoolean());
        Assert.Equal(1_000m, await onSecond.FreeBalance());
        // Nor the first body: another amount under a key first used on the other node is refused
        // by the entity, not answered as already applied (this node has no answer of its own yet).
        await Json(onFirst.Post($"/accounts/{onFirst.Id}/deposits", new { amount = 50m }, "deposit-other"));
        await ProblemAssert.Is(onSecond.Post($"/accounts/{onFirst.Id}/deposits", new { amount = 60m }, "deposit-other"),
            HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.Equal(1_050m, await onSecond.FreeBalance());

        var position = (await Json(onSecond.Post("/positions", new { market = "ETH-USD", side = "long", collateral = 300m, leverage = 2m }, "open-once"),
            HttpStatusCode.Created)).GetProperty("positionId").GetString();
        var again = (await Json(onFirst.Post("/positions", new { market = "ETH-USD", side = "long", collateral = 300m, leverage = 2m }, "open-once"),
            HttpStatusCode.Created)).GetProperty("positionId").GetString();
        Assert.Equal(position, again);
        Assert.Equal("open", (await Json(onFirst.Get($"/positions/{position}"))).GetProperty("status").GetString());
        Assert.Equal(750m, await onFirst.FreeBalance()); // 1,000 + 50 − 300

        await Json(onFirst.Post($"/positions/{position}/close"));
        await _second.BooksBalance([lp, onFirst]);
    }
}
