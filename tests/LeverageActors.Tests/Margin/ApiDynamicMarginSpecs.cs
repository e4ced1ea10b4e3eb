using System.Net;
using LeverageActors.Tests.Api;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Margin;

/// <summary>Through the API: after the swing raises ETH-USD's initial margin, an open above 1/imr is a problem of its own type.</summary>
public sealed class ApiDynamicMarginSpecs : ApiNodeSpec
{
    private readonly ManualClock _clock = new(ExchangeStory.T0);

    public override async Task InitializeAsync() =>
        Node = await TestNode.StartAsync(Database, new NodeOptions { Markets = DynamicMarginStory.Catalog(dynamic: true), Clock = _clock });

    [Fact]
    public async Task An_open_above_one_over_the_initial_margin_in_force_is_refused_with_its_problem_type()
    {
        await Node.OperatorReports("ETH-USD", 2_000m);
        var lp = await Node.NewTrader(1_000_000m);
        await lp.Provides("ETH-USD", 1_000_000m);
        var trader = await Node.NewTrader(10_000m);
        var before = await trader.Opens("ETH-USD", "long", 1_000m, 40m); // at the 2% floor, 40x is allowed

        foreach (var price in DynamicMarginStory.Swing)
        {
            _clock.Now += TimeSpan.FromMinutes(1);
            await Node.OperatorReports("ETH-USD", price);
        }

        // 3.1377% maintenance, 6.2754% initial: at most 15.93x (DynamicMarginSpecs, README).
        var problem = await ProblemAssert.Is(trader.Post("/positions", new { market = "ETH-USD", side = "long", collateral = 1_000m, leverage = 20m }),
            HttpStatusCode.UnprocessableEntity, "leverage-above-margin-requirement");
        Assert.Contains("at most 15.93", problem.GetProperty("detail").GetString());
        await trader.Opens("ETH-USD", "long", 1_000m, 15m);
        var margin = (await ApiTrader.Json(Node.Http.GetAsync("/markets/ETH-USD"))).GetProperty("margin");
        Assert.Equal((0.031377m, 0.062754m, 0.01m), (margin.GetProperty("maintenance").GetDecimal(), margin.GetProperty("initial").GetDecimal(),
            margin.GetProperty("liquidation").GetDecimal()));
        Assert.True(margin.GetProperty("inGrace").GetBoolean());
        var quiet = await ApiTrader.Json(Node.Http.GetAsync("/markets/BTC-USD"));
        Assert.False(quiet.TryGetProperty("margin", out var none) && none.ValueKind != System.Text.Json.JsonValueKind.Null);
        Assert.NotEmpty(before);
    }
}
