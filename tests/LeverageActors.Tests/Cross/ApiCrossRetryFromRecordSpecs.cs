using System.Net;
using LeverageActors.Tests.Api;
using LeverageActors.Tests.Audit;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Cross;

/// <summary>
/// A review of a102bf9: an open's recorded terms now tell a cross open from an isolated one, but the
/// command a retry is answered from the record with was built without the flag, so a cross open
/// retried on a node that could not price it again was refused idempotency-key-reused (kept 24 h)
/// while its position stood: a client told so would open again under a new key.
/// </summary>
public sealed class ApiCrossRetryFromRecordSpecs() : ApiNodeSpec(TestDatabase.OnDisk())
{
    private const string Market = ApiNextPriceSpecs.Market;

    private static readonly NodeOptions Options = ApiNextPriceDeadlineSpecs.WaitingOneSecond with
    {
        Node = s => s with { NextPriceWait = TimeSpan.FromSeconds(1), CrossMargin = true },
    };

    public override async Task InitializeAsync() => Node = await Start();

    private Task<TestNode> Start() => TestNode.StartAsync(Database, Options);

    [Fact]
    public async Task A_retried_cross_open_is_answered_from_the_record_while_the_oracle_is_silent()
    {
        var lp = await ApiNextPriceSpecs.Pool(Node);
        var trader = await Node.NewTrader(deposit: 100m);
        await Json(trader.Post($"/accounts/{trader.Id}/deposits", new { asset = "ETH", amount = 1m }));
        var open = new { market = Market, side = "long", collateral = 1_000m, leverage = 10m, isolated = false };
        var opened = await ApiNextPriceSpecs.AtNextPrice(Node, trader.Post("/positions", open, "open-1"), 2_010m, HttpStatusCode.Created);
        var id = opened.GetProperty("positionId").GetString();
        await Eventually.Holds("the open's account steps to finish", async () => await trader.FreeBalance() == 95m);

        await Node.DisposeAsync();
        Node = await Start();
        trader = trader.On(Node);
        lp = lp.On(Node);

        var reopened = await Json(trader.Post("/positions", open, "open-1"), HttpStatusCode.Created);
        Assert.Equal(id, reopened.GetProperty("positionId").GetString());
        Assert.True(reopened.GetProperty("alreadyApplied").GetBoolean());
        Assert.True(reopened.GetProperty("position").GetProperty("cross").GetBoolean());
        Assert.Single((await Json(trader.Get("/positions"))).GetProperty("positions").EnumerateArray());
        await Node.BooksBalance([lp, trader]);
        await Node.DisposeAsync();
        Assert.Empty(AuditJournal.Replay(Database).Violations);
    }
}
