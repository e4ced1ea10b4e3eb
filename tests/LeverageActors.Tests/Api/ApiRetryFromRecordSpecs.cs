using System.Net;
using LeverageActors.Tests.Audit;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Api;

/// <summary>
/// A retry of a trade whose first try went through, sent to a node that does not have its answer
/// (restarted here), is answered from the position's record even while no price comes: told
/// stale-price ("nothing was done"), a client would send it again under a new key and trade twice.
/// </summary>
public sealed class ApiRetryFromRecordSpecs() : ApiNodeSpec(TestDatabase.OnDisk())
{
    private const string Market = ApiNextPriceSpecs.Market;

    public override async Task InitializeAsync() => Node = await Start();

    private Task<TestNode> Start() => TestNode.StartAsync(Database, ApiNextPriceDeadlineSpecs.WaitingOneSecond);

    [Fact]
    public async Task A_retried_open_and_decrease_are_answered_from_the_record_while_the_oracle_is_silent()
    {
        var lp = await ApiNextPriceSpecs.Pool(Node);
        var trader = await Node.NewTrader(deposit: 20_000m);
        var open = new { market = Market, side = "long", collateral = 1_000m, leverage = 10m };
        var opened = await ApiNextPriceSpecs.AtNextPrice(Node, trader.Post("/positions", open, "open-1"), 2_010m, HttpStatusCode.Created);
        var id = opened.GetProperty("positionId").GetString();
        await ApiNextPriceSpecs.AtNextPrice(Node, trader.Post($"/positions/{id}/decrease", new { fraction = 0.5m }, "cut-1"), 2_020m);
        var free = await trader.FreeBalance();
        var collateral = (await Json(trader.Get($"/positions/{id}"))).GetProperty("collateral").GetDecimal();

        await Node.DisposeAsync();
        Node = await Start();
        trader = trader.On(Node);
        lp = lp.On(Node);

        var reopened = await Json(trader.Post("/positions", open, "open-1"), HttpStatusCode.Created);
        Assert.Equal(id, reopened.GetProperty("positionId").GetString());
        Assert.True(reopened.GetProperty("alreadyApplied").GetBoolean());
        var recut = await Json(trader.Post($"/positions/{id}/decrease", new { fraction = 0.5m }, "cut-1"));
        Assert.True(recut.GetProperty("alreadyApplied").GetBoolean());
        // A new request is judged now: no price, nothing done.
        await ProblemAssert.Is(trader.Post($"/positions/{id}/decrease", new { fraction = 0.5m }, "cut-2"),
            HttpStatusCode.ServiceUnavailable, "stale-price");

        Assert.Equal(free, await trader.FreeBalance());
        Assert.Equal(collateral, (await Json(trader.Get($"/positions/{id}"))).GetProperty("collateral").GetDecimal());
        Assert.Single((await Json(trader.Get("/positions"))).GetProperty("positions").EnumerateArray());
        await Node.BooksBalance([lp, trader]);
        await Node.DisposeAsync();
        Assert.Empty(AuditJournal.Replay(Database).Violations);
    }
}
