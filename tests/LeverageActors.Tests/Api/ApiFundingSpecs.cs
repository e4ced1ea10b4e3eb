using LeverageActors.Tests.Pools;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Api;

/// <summary>Through the API, with funding on (issue 18 item 3): a position's view counts the funding its side owes or is owed since it opened.</summary>
public sealed class ApiFundingSpecs : ApiNodeSpec
{
    private readonly ManualClock _clock = new(ExchangeStory.T0);

    public override async Task InitializeAsync() =>
        Node = await TestNode.StartAsync(Database, new NodeOptions { Markets = FundingSpecs.WithFunding(), Clock = _clock });

    [Fact]
    public async Task A_positions_view_shows_the_funding_its_side_owes_or_is_owed_and_counts_it_in_equity()
    {
        await Node.OperatorReports("ETH-USD", 2_000m);
        var lp = await Node.NewTrader(deposit: 1_000_000m);
        await lp.Provides("ETH-USD", 1_000_000m);
        var longs = await Node.NewTrader(deposit: 10_000m);
        var shorts = await Node.NewTrader(deposit: 10_000m);
        var along = await longs.Opens("ETH-USD", "long", 6_000m, 10m);
        var bshort = await shorts.Opens("ETH-USD", "short", 2_000m, 10m);
        var equityBefore = (await Json(longs.Get($"/positions/{along}"))).GetProperty("equity").GetDecimal();

        // 60,000 of longs against 20,000 of shorts: skew 1/2, the longs pay 1e-8 · 1/2 a second. A day later
        // the long owes 60,000 · 5e-9 · 86,400 = 25.92 and the short is owed the same, 20,000 · (5e-9 · 86,400 · 3).
        _clock.Now += TimeSpan.FromDays(1);
        await Node.OperatorReports("ETH-USD", 2_000m);
        var longView = await Json(longs.Get($"/positions/{along}"));
        var shortView = await Json(shorts.Get($"/positions/{bshort}"));
        Assert.Equal(25.92m, longView.GetProperty("funding").GetDecimal());
        Assert.Equal(-25.92m, shortView.GetProperty("funding").GetDecimal());
        // The long's equity fell by its funding and its day of interest, nothing else (the price did not move).
        var interest = longView.GetProperty("accruedInterest").GetDecimal();
        Assert.True(interest > 0, $"interest {interest}");
        Assert.Equal(equityBefore - 25.92m - interest, longView.GetProperty("equity").GetDecimal());

        await Json(longs.Post($"/positions/{along}/close"));
        await Json(shorts.Post($"/positions/{bshort}/close"));
        await Node.BooksBalance([lp, longs, shorts]);
    }
}
