using System.Net;
using LeverageActors.Tests.Api;
using LeverageActors.Tests.Margin;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Cross;

/// <summary>
/// A cross open waiting for its next price holds the cross equity its admission will need at the
/// dynamic margin in force, not at the market's own rate: a review of the change that held cross
/// positions to the rate in force found the hold still at the market's 2 %, so a withdrawal sent
/// while the open waited could leave it to be refused once its price was known (THREATS 1: an open
/// the trader can take back after seeing its price).
/// </summary>
public sealed class ApiCrossDynamicHoldSpecs : ApiNodeSpec
{
    private const string Market = ApiNextPriceSpecs.Market;
    private readonly ManualClock _clock = new(ExchangeStory.T0);

    public override async Task InitializeAsync() =>
        Node = await TestNode.StartAsync(Database, new NodeOptions
        {
            Markets = DynamicMarginStory.Catalog(dynamic: true),
            NextPrice = true,
            Clock = _clock,
            Node = s => s with { CrossMargin = true },
        });

    [Fact]
    public async Task A_waiting_cross_open_holds_the_margin_in_force_and_a_withdrawal_cannot_take_it()
    {
        var lp = await ApiNextPriceSpecs.Pool(Node);
        foreach (var price in DynamicMarginStory.Swing)
        {
            _clock.Now += TimeSpan.FromMinutes(1);
            await ApiNextPriceSpecs.Accepts(Node, price);
        }

        var trader = await Node.NewTrader(deposit: 1_000m);
        // 10,000 of notional: 5 + 10,000 × (6.2754 % + 0.05 %) = 637.54 held, where the market's own 2 % held 210.
        var open = trader.Post("/positions", new { market = Market, side = "long", collateral = 1_000m, leverage = 10m, isolated = false });
        await ApiNextPriceSpecs.Waiting(Node, 1);

        await ProblemAssert.Is(trader.Post($"/accounts/{trader.Id}/withdrawals", new { amount = 400m }), HttpStatusCode.Conflict, "funds-held-for-execution");
        await Json(trader.Post($"/accounts/{trader.Id}/withdrawals", new { amount = 360m }));

        _clock.Now += TimeSpan.FromMinutes(1);
        await ApiNextPriceSpecs.Accepts(Node, 2_015m);
        await Json(open, HttpStatusCode.Created);
        await Eventually.Holds("the cross open's fee taken", async () => await trader.FreeBalance() == 635m);
        await Node.BooksBalance([lp, trader]);
    }
}
