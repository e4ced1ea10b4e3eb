using LeverageActors.Host.Api;
using LeverageActors.Tests.Support;
using static LeverageActors.Tests.Support.ApiTrader;

namespace LeverageActors.Tests.Api;

/// <summary>
/// A review (read-only, of 99f1793): <c>GET /pools/{market}</c> needs no key and valued the pool at the
/// price on the pool's own actor for every request, walking every open position of the market while
/// its trades, settlements and liquidations waited. The priced view is shared for up to a second at
/// the same price: a burst of reads costs the pool one valuation.
/// </summary>
public sealed class ApiPoolViewSpecs : ApiNodeSpec
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public override async Task InitializeAsync() => Node = await TestNode.StartAsync(Database, new NodeOptions { Clock = _clock });

    [Fact]
    public async Task Reads_within_a_second_at_one_price_share_one_view_and_a_later_one_sees_the_pool_as_it_is()
    {
        await Node.OperatorReports("ETH-USD", 2_000m);
        var first = await Node.NewTrader(deposit: 10_000m);
        await first.Provides("ETH-USD", 10_000m);
        var before = await Json(Node.Http.GetAsync("/pools/ETH-USD"));
        var second = await Node.NewTrader(deposit: 5_000m);
        await second.Provides("ETH-USD", 5_000m);

        var views = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Json(Node.Http.GetAsync("/pools/ETH-USD"))));
        Assert.All(views, v => Assert.Equal(before.GetProperty("totalShares").GetDecimal(), v.GetProperty("totalShares").GetDecimal()));

        _clock.Now += PoolViews.Reuse;
        var after = await Json(Node.Http.GetAsync("/pools/ETH-USD"));
        Assert.True(after.GetProperty("totalShares").GetDecimal() > before.GetProperty("totalShares").GetDecimal());
        Assert.Equal(_clock.Now, after.GetProperty("at").GetDateTimeOffset());
        await Node.BooksBalance([first, second]);
    }
}
