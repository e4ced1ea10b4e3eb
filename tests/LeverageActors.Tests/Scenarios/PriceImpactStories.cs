using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Pools;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Scenarios;

/// <summary>
/// On a node with price impact on (issue 18, item 2): a skewing trade owes impact, a balancing one
/// is rebated, both settled at the close, and the impact pool keeps the books balanced.
/// </summary>
public class PriceImpactStories
{
    [Fact]
    public async Task Impact_and_rebate_on_a_skewing_and_a_balancing_trade_with_the_impact_pool_balancing_the_books()
    {
        await using var s = await Scenario.StartAsync(markets: PriceImpactSpecs.WithImpact());
        s.PriceIs("ETH-USD", 2_000m);
        await s.GivenPool("ETH-USD", 1_000_000m);
        var a = await s.Trader("A").Deposits(20_000m);
        var b = await s.Trader("B").Deposits(20_000m);

        // 100,000 of longs into an empty book owe 100; 50,000 of shorts against them are owed 37.5.
        var along = await a.Opens("ETH-USD", PositionSide.Long, 10_000m, 10m);
        var bshort = await b.Opens("ETH-USD", PositionSide.Short, 5_000m, 10m);
        Assert.Equal(100m, (await s.Position(along)).PendingImpact);
        Assert.Equal(-37.5m, (await s.Position(bshort)).PendingImpact);
        await s.BooksBalance();

        // A's close flips the skew (12.5 more: 112.5 charged), B's brings it to 0 (12.5 more: 50 rebated).
        await a.Closes(along);
        Assert.Equal(112.5m, (await s.Pool("ETH-USD")).ImpactPool);
        await b.Closes(bshort);

        var pool = await s.Pool("ETH-USD");
        Assert.Equal(62.5m, pool.ImpactPool);
        Assert.Equal(0m, pool.LongOpenInterest - pool.ShortOpenInterest);
        Assert.Equal(0m, (await s.Position(along)).PendingImpact);
        // A paid the opening and closing fees (50 each) and 112.5 of impact; B its fees (25 each) and gained 50.
        Assert.Equal(20_000m - 50m - 50m - 112.5m, (await a.Balance()).FreeBalance);
        Assert.Equal(20_000m - 25m - 25m + 50m, (await b.Balance()).FreeBalance);
        await s.BooksBalance();
    }
}
