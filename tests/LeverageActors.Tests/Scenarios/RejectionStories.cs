using LeverageActors.Messages.Common;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Scenarios;

/// <summary>Every refusal of an open names its reason, and afterwards no money has moved.</summary>
public class RejectionStories
{
    public static TheoryData<string, string, decimal, decimal, decimal, string> Refusals() => new()
    {
        // market, pool liquidity, trader deposit, collateral, leverage, expected code
        { "ETH-USD", "1000000", 1_000m, 2_000m, 10m, RejectionCodes.InsufficientBalance },
        { "ETH-USD", "10000", 10_000m, 5_000m, 10m, RejectionCodes.InsufficientLiquidity },
        { "ETH-USD", "100000", 10_000m, 5_000m, 20m, RejectionCodes.UtilizationCap },
        { "ETH-USD", "300000000", 3_000_000m, 3_000_000m, 50m, RejectionCodes.OpenInterestCap },
        { "ETH-USD", "100000", 10_000m, 6_000m, 10m, RejectionCodes.PoolOpenInterestCap },
        { "ETH-USD", "1000000", 10_000m, 1_000m, 51m, RejectionCodes.InvalidLeverage },
        { "ETH-USD", "1000000", 10_000m, 1_000m, 1m, RejectionCodes.InvalidLeverage },
        { "ETH-USD", "1000000", 10_000m, -5m, 10m, RejectionCodes.InvalidAmount },
        { "DOGE-USD", "0", 10_000m, 1_000m, 10m, RejectionCodes.UnknownMarket },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_open_says_why_and_moves_nothing(
        string market, string liquidity, decimal deposit, decimal collateral, decimal leverage, string code)
    {
        await using var s = await Scenario.StartAsync();
        s.PriceIs(market, 2_000m);
        var poolBefore = decimal.Parse(liquidity, System.Globalization.CultureInfo.InvariantCulture) > 0
            ? await ThenPool(s, market, decimal.Parse(liquidity, System.Globalization.CultureInfo.InvariantCulture))
            : null;
        var a = await s.Trader("A").Deposits(deposit);

        var reply = await a.TriesToOpen(market, PositionSide.Long, collateral, leverage);

        var rejected = Assert.IsType<PositionCommandRejected>(reply);
        Assert.Equal(code, rejected.Reason.Code);
        Assert.False(string.IsNullOrWhiteSpace(rejected.Reason.Message));
        var balance = await a.Balance();
        Assert.Equal(deposit, balance.FreeBalance);
        Assert.Equal(0m, balance.LockedCollateral);
        if (poolBefore is not null)
        {
            var poolAfter = await s.Pool(market);
            Assert.Equal(poolBefore.Assets, poolAfter.Assets);
            Assert.Equal(poolBefore.ProtocolFees, poolAfter.ProtocolFees);
            Assert.Equal(0m, poolAfter.Reserved);
        }

        await s.BooksBalance();
    }

    private static async Task<LeverageActors.Messages.Pools.PoolStateResponse> ThenPool(Scenario s, string market, decimal liquidity)
    {
        await s.GivenPool(market, liquidity);
        return await s.Pool(market);
    }

    [Fact]
    public async Task Nobody_closes_another_traders_position()
    {
        await using var s = await Scenario.StartAsync();
        s.PriceIs("ETH-USD", 2_000m);
        await s.GivenPool("ETH-USD", 1_000_000m);
        var a = await s.Trader("A").Deposits(5_000m);
        var mallory = await s.Trader("M").Deposits(5_000m);
        var p = await a.Opens("ETH-USD", PositionSide.Long, 1_000m, 5m);

        var reply = await s.Ask<object>(s.Node.Positions,
            new ClosePosition(p, mallory.Id, LeverageActors.Messages.Ids.RequestId.New(), 2_000m, s.Now));

        Assert.Equal(RejectionCodes.NotPositionOwner, Assert.IsType<PositionCommandRejected>(reply).Reason.Code);
        Assert.Equal(PositionStatus.Open, (await s.Position(p)).Status);
        await s.BooksBalance();
    }
}
