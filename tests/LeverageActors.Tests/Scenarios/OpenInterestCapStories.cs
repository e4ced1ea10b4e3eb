using LeverageActors.Messages.Common;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Scenarios;

/// <summary>On a node: each side of a thin pool carries at most half the pool's value (issue 18, item 4).</summary>
public class OpenInterestCapStories
{
    [Fact]
    public async Task A_thin_pool_backs_half_its_value_a_side_and_refuses_the_rest()
    {
        await using var s = await Scenario.StartAsync();
        s.PriceIs("ETH-USD", 2_000m);
        await s.GivenPool("ETH-USD", 100_000m);
        var a = await s.Trader("A").Deposits(10_000m);
        var b = await s.Trader("B").Deposits(10_000m);

        // 4,000 at 10x: 40,000 of the longs' 50,000.
        var within = await a.Opens("ETH-USD", PositionSide.Long, 4_000m, 10m);
        // 1,200 at 10x would take the longs to 52,000, past half of the pool's 100,018.
        var refused = Assert.IsType<PositionCommandRejected>(await b.TriesToOpen("ETH-USD", PositionSide.Long, 1_200m, 10m));
        var other = await b.Opens("ETH-USD", PositionSide.Short, 1_200m, 10m);

        Assert.Equal(RejectionCodes.PoolOpenInterestCap, refused.Reason.Code);
        Assert.Equal(PositionStatus.Open, (await s.Position(within)).Status);
        Assert.Equal(PositionStatus.Open, (await s.Position(other)).Status);
        var pool = await s.Pool("ETH-USD");
        Assert.Equal(40_000m, pool.LongOpenInterest);
        Assert.Equal(12_000m, pool.ShortOpenInterest);
        Assert.Equal(8_800m, (await b.Balance()).FreeBalance);
        await s.BooksBalance();
    }
}
