using System.Net;
using System.Text.Json;
using Akka.Actor;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Risk;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Api;

/// <summary>
/// Stop-loss and take-profit orders over real HTTP against a real node, its risk index watching the
/// market: they execute once, as the owner's close, at the first oracle price after the one that
/// reached them; a liquidation and the owner's own close race them safely; every refusal is a problem
/// of its type. The books balance after each story. Two sources report here, one after the other: each
/// report the oracle accepts is a price, the median (the mean of two) of their latest reports.
/// </summary>
public sealed class ApiTriggerSpecs : ApiNodeSpec
{
    private ApiTrader _lp = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Node.MarketIsWatched("ETH-USD");
        await Node.OperatorReports("ETH-USD", 2_000m);
        _lp = await Node.NewTrader(deposit: 1_000_000m);
        await _lp.Provides("ETH-USD", 1_000_000m);
    }

    /// <summary>
    /// The risk index reads the journal a little after it is written; a trigger it has not read when
    /// the price reaches it is noted at the price it finds then, and executes at the one after.
    /// </summary>
    private Task TriggersWatched(int count) =>
        Eventually.Holds($"the risk index to watch {count} triggers", async () =>
            await Node.MarketWatch.Ask<object>(new GetRiskIndexStatus(MarketId.From("ETH-USD")), TestNode.Timeout)
                is RiskIndexStatus { Triggers: var n } && n == count);

    private static Task<JsonElement> Places(ApiTrader trader, string position, object body, string? key = null) =>
        Json(trader.Post($"/positions/{position}/triggers", body, key), HttpStatusCode.Created);

    private static async Task<List<JsonElement>> History(ApiTrader trader, string position) =>
        (await Json(trader.Get($"/positions/{position}/history"))).EnumerateArray().ToList();

    private static IEnumerable<JsonElement> Events(List<JsonElement> history, string type) =>
        history.Where(e => e.GetProperty("type").GetString() == type).Select(e => e.GetProperty("event"));

    private static Task Settles(ApiTrader trader, string position, string status) =>
        Eventually.Holds($"position {position} {status} with nothing in flight", async () =>
        {
            var view = await Json(trader.Get($"/positions/{position}"));
            return view.GetProperty("status").GetString() == status && view.GetProperty("pendingSteps").GetInt32() == 0;
        });

    [Fact]
    public async Task A_long_stop_loss_closes_once_at_the_first_price_after_the_one_that_reached_it_as_the_owners_close()
    {
        var trader = await Node.NewTrader(deposit: 10_000m);
        var id = await trader.Opens("ETH-USD", "long", 1_000m, 5m);
        var placed = await Places(trader, id, new { kind = "stop-loss", price = 1_950m });
        var stop = placed.GetProperty("trigger");
        Assert.Equal(("stop-loss", 1_950m, 1m), (stop.GetProperty("kind").GetString(), stop.GetProperty("price").GetDecimal(), stop.GetProperty("fraction").GetDecimal()));

        await TriggersWatched(1);
        // Prices 1,980 and 1,960; then 1,950 (1,940 and 1,960) reaches the stop. 1,940, the next, is half
        // made of the report that reached it: the stop executes at the first price both of whose reports
        // came after the crossing, 1,940 again.
        await Node.OperatorReports("ETH-USD", 1_960m);
        await Node.OperatorReports("ETH-USD", 1_940m);
        await Node.OperatorReports("ETH-USD", 1_940m);
        await Settles(trader, id, "closed");
        await Node.OperatorReports("ETH-USD", 1_900m);

        var history = await History(trader, id);
        var executed = Assert.Single(Events(history, "TriggerExecuted"));
        Assert.Equal(1_940m, executed.GetProperty("price").GetDecimal());
        Assert.Equal(1_950m, executed.GetProperty("crossing").GetProperty("price").GetDecimal());
        Assert.True(executed.GetProperty("crossing").GetProperty("sequence").GetInt64() < executed.GetProperty("priceSequence").GetInt64());
        // The stop records the number of the price it was placed against (2,000): its crossing came after it.
        var placedAt = Assert.Single(Events(history, "TriggerPlaced")).GetProperty("priceSequence").GetInt64();
        Assert.InRange(placedAt, 1, executed.GetProperty("crossing").GetProperty("sequence").GetInt64() - 1);
        Assert.Equal(1_940m, Assert.Single(Events(history, "PositionSettlementRequested")).GetProperty("price").GetDecimal());
        // 2.5 ETH closed at 1,940: PnL −150, the 0.05% closing fee on 4,850 (2.425), no penalty.
        var settlement = Assert.Single(Events(history, "PositionSettlementCompleted")).GetProperty("settlement");
        var interest = settlement.GetProperty("interest").GetDecimal();
        Assert.Equal((-150m, 2.425m, 0m, 997.5m - 150m - 2.425m - interest),
            (settlement.GetProperty("pnl").GetDecimal(), settlement.GetProperty("closeFee").GetDecimal(),
                settlement.GetProperty("penalty").GetDecimal(), settlement.GetProperty("payout").GetDecimal()));
        Assert.Empty((await Json(trader.Get($"/positions/{id}/triggers"))).GetProperty("triggers").EnumerateArray());
        await Node.BooksBalance([_lp, trader]);
        Assert.Equal(9_000m + 997.5m - 150m - 2.425m - interest, await trader.FreeBalance());
    }

    [Fact]
    public async Task A_short_take_profit_closes_its_fraction_and_leaves_the_rest_open()
    {
        var trader = await Node.NewTrader(deposit: 10_000m);
        var id = await trader.Opens("ETH-USD", "short", 1_000m, 5m);
        await Places(trader, id, new { kind = "take-profit", price = 1_900m, fraction = 0.5m });
        await TriggersWatched(1);

        // Prices 1,975, 1,950, 1,920; then 1,890 reaches the target. 1,885 (1,880 and 1,890), the next, is
        // half made of the report that reached it; 1,880, the first both of whose reports came after, executes it.
        await Node.OperatorReports("ETH-USD", 1_950m);
        await Node.OperatorReports("ETH-USD", 1_890m);
        await Node.OperatorReports("ETH-USD", 1_880m);
        await Eventually.Holds("half the short closed", async () =>
            (await Json(trader.Get($"/positions/{id}"))) is var v && v.GetProperty("quantity").GetDecimal() == 1.25m
            && v.GetProperty("pendingSteps").GetInt32() == 0);

        var history = await History(trader, id);
        Assert.Equal(1_880m, Assert.Single(Events(history, "TriggerExecuted")).GetProperty("price").GetDecimal());
        Assert.Equal("open", (await Json(trader.Get($"/positions/{id}"))).GetProperty("status").GetString());
        await Node.BooksBalance([_lp, trader]);
    }

    [Fact]
    public async Task A_stop_below_the_liquidation_price_does_nothing_when_the_liquidation_comes_first()
    {
        var trader = await Node.NewTrader(deposit: 10_000m);
        var id = await trader.Opens("ETH-USD", "long", 1_000m, 10m);
        await Places(trader, id, new { kind = "stop-loss", price = 1_800m });
        await TriggersWatched(1);

        await Node.OperatorReports("ETH-USD", 1_700m);
        await Settles(trader, id, "liquidated");
        await Node.OperatorReports("ETH-USD", 1_700m);

        Assert.Empty(Events(await History(trader, id), "TriggerExecuted"));
        await Node.BooksBalance([_lp, trader]);
    }

    [Fact]
    public async Task When_the_price_after_the_crossing_breaches_the_liquidation_wins_and_the_stop_does_nothing()
    {
        // 10x long at 2,000, its liquidation near 1,820; a stop-loss at 1,900 above it.
        var trader = await Node.NewTrader(deposit: 10_000m);
        var id = await trader.Opens("ETH-USD", "long", 1_000m, 10m);
        await Places(trader, id, new { kind = "stop-loss", price = 1_900m });
        await TriggersWatched(1);

        // Prices 1,980, 1,960, 1,940, 1,920; then 1,907.5 and 1,895, which reaches the stop.
        await Node.OperatorReports("ETH-USD", 1_960m);
        await Node.OperatorReports("ETH-USD", 1_920m);
        await Node.OperatorReports("ETH-USD", 1_895m);
        // The next price, 1,750 (the first source's report is too far from the other's to count alone), breaches:
        // the index checks margins before it sends the stop, so the position is being liquidated when the stop comes.
        await Node.OperatorReports("ETH-USD", 1_750m);
        await Settles(trader, id, "liquidated");
        await Node.OperatorReports("ETH-USD", 1_750m);

        var history = await History(trader, id);
        Assert.Empty(Events(history, "TriggerExecuted"));
        Assert.Empty(Events(history, "PositionSettlementRequested"));
        Assert.Single(Events(history, "LiquidationStarted"));
        await Node.BooksBalance([_lp, trader]);
    }

    [Fact]
    public async Task The_owners_close_racing_a_stop_loss_settles_the_position_once()
    {
        var trader = await Node.NewTrader(deposit: 10_000m);
        var id = await trader.Opens("ETH-USD", "long", 1_000m, 5m);
        await Places(trader, id, new { kind = "stop-loss", price = 1_990m });
        await TriggersWatched(1);

        var close = trader.Post($"/positions/{id}/close");
        await Node.OperatorReports("ETH-USD", 1_980m);
        using (var closed = await close)
            Assert.True(closed.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"close answered {closed.StatusCode}");
        await Eventually.Holds("the close or the stop to settle", async () =>
            (await Json(trader.Get($"/positions/{id}"))) is var v && v.GetProperty("status").GetString() == "closed"
            && v.GetProperty("pendingSteps").GetInt32() == 0, TimeSpan.FromSeconds(20));

        var history = await History(trader, id);
        Assert.Equal(1m, Assert.Single(Events(history, "PositionSettlementRequested")).GetProperty("fraction").GetDecimal());
        Assert.Single(Events(history, "PositionSettlementCompleted"));
        await Node.BooksBalance([_lp, trader]);
    }

    [Fact]
    public async Task Triggers_are_listed_cancelled_and_placed_once_per_idempotency_key()
    {
        var trader = await Node.NewTrader(deposit: 10_000m);
        var id = await trader.Opens("ETH-USD", "long", 1_000m, 5m);
        var first = await Places(trader, id, new { kind = "take-profit", price = 2_200m }, key: "tp-1");
        var again = await Places(trader, id, new { kind = "take-profit", price = 2_200m }, key: "tp-1");
        Assert.Equal(first.GetProperty("trigger").GetProperty("trigger").GetInt32(), again.GetProperty("trigger").GetProperty("trigger").GetInt32());
        await ProblemAssert.Is(trader.Post($"/positions/{id}/triggers", new { kind = "take-profit", price = 2_300m }, "tp-1"),
            HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        await Places(trader, id, new { kind = "stop-loss", price = 1_900m, fraction = 0.25m });

        var listed = (await Json(trader.Get($"/positions/{id}/triggers"))).GetProperty("triggers").EnumerateArray().ToList();
        Assert.Equal(["take-profit", "stop-loss"], listed.Select(t => t.GetProperty("kind").GetString()));
        var target = listed[0].GetProperty("trigger").GetInt32();

        await Json(trader.Send(HttpMethod.Delete, $"/positions/{id}/triggers/{target}"));
        await ProblemAssert.Is(trader.Send(HttpMethod.Delete, $"/positions/{id}/triggers/{target}"), HttpStatusCode.NotFound, "trigger-not-found");
        await ProblemAssert.Is(trader.Send(HttpMethod.Delete, $"/positions/{id}/triggers/x1"), HttpStatusCode.NotFound, "trigger-not-found");
        var left = Assert.Single((await Json(trader.Get($"/positions/{id}"))).GetProperty("triggers").EnumerateArray());
        Assert.Equal("stop-loss", left.GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("trailing", 1_900, 1, 400, "validation-error")]
    [InlineData("stop-loss", 0, 1, 400, "invalid-trigger-price")]
    [InlineData("stop-loss", -1, 1, 400, "invalid-trigger-price")]
    [InlineData("take-profit", 1_000_000, 1, 400, "invalid-trigger-price")]
    [InlineData("stop-loss", 1_900, 0, 400, "invalid-fraction")]
    [InlineData("stop-loss", 1_900, 1.5, 400, "invalid-fraction")]
    [InlineData("stop-loss", 1_900, 0.1234567, 400, "validation-error")]
    [InlineData("stop-loss", 2_050, 1, 422, "trigger-wrong-side")]
    [InlineData("take-profit", 1_950, 1, 422, "trigger-wrong-side")]
    [InlineData("stop-loss", 2_000, 1, 422, "trigger-wrong-side")]
    public async Task A_bad_trigger_is_refused_with_its_problem_type(string kind, decimal price, decimal fraction, int status, string type)
    {
        var trader = await Node.NewTrader(deposit: 10_000m);
        var id = await trader.Opens("ETH-USD", "long", 1_000m, 5m);
        await ProblemAssert.Is(trader.Post($"/positions/{id}/triggers", new { kind, price, fraction }), (HttpStatusCode)status, type);
        Assert.Empty((await Json(trader.Get($"/positions/{id}/triggers"))).GetProperty("triggers").EnumerateArray());
    }

    [Fact]
    public async Task The_eleventh_trigger_and_another_accounts_triggers_are_refused()
    {
        var trader = await Node.NewTrader(deposit: 10_000m);
        var other = await Node.NewTrader(deposit: 10_000m);
        var id = await trader.Opens("ETH-USD", "long", 1_000m, 5m);
        for (var i = 0; i < 10; i++)
            await Places(trader, id, new { kind = "stop-loss", price = 1_900m - i, fraction = 0.1m });
        await ProblemAssert.Is(trader.Post($"/positions/{id}/triggers", new { kind = "take-profit", price = 2_100m }),
            HttpStatusCode.UnprocessableEntity, "too-many-triggers");

        await ProblemAssert.Is(other.Post($"/positions/{id}/triggers", new { kind = "stop-loss", price = 1_900m }), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.Is(other.Get($"/positions/{id}/triggers"), HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.Is(other.Send(HttpMethod.Delete, $"/positions/{id}/triggers/1"), HttpStatusCode.NotFound, "not-found");
        Assert.Equal(10, (await Json(trader.Get($"/positions/{id}/triggers"))).GetProperty("triggers").GetArrayLength());
    }
}
