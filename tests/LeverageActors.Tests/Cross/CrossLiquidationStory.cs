using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Cross;

/// <summary>
/// An account's liquidation order to its cross position on a node: the position actor answers the
/// asker, the draw, the pool's settlement, the report under the account's transfer and the
/// liquidator's reward all travel through the regions, and the books balance.
/// </summary>
public sealed class CrossLiquidationStory
{
    [Fact]
    public async Task An_accounts_order_liquidates_its_cross_position_in_two_steps_on_a_node()
    {
        await using var s = await Scenario.StartAsync();
        await s.OracleReports("ETH-USD", 2_000m);
        await s.GivenPool("ETH-USD", 1_000_000m);
        var trader = await s.Trader("trader").Deposits(1_000m);
        var keeper = await s.Trader("keeper");
        // 2.5 ETH long from 2,000: USD 997.5 after the opening fee.
        var position = await s.OpensCross(trader, "ETH-USD", PositionSide.Long, 500m, 10m);
        await s.OracleReports("ETH-USD", 1_800m);

        var first = await Order(s, trader, keeper, position, 0.4m, "trader.liquidation.1");
        Assert.Equal(new CrossLiquidationAnswer(position, TransferId.From("trader.liquidation.1"), Accepted: true), first);
        await s.Settled(position);
        // 1 ETH: −200, closing fee 0.9, penalty 9 (4.5 to the keeper).
        Assert.Equal(997.5m - 209.9m, (await trader.Balance()).FreeBalance);
        Assert.Equal(1.5m, (await s.Position(position)).Quantity);

        // The same order again starts nothing; the rest goes in a second step.
        Assert.True((await Order(s, trader, keeper, position, 0.4m, "trader.liquidation.1")).Accepted);
        Assert.True((await Order(s, trader, keeper, position, 1m, "trader.liquidation.2")).Accepted);
        await s.PositionWhen(position, v => v.Status == PositionStatus.Liquidated, "liquidated");
        await s.Settled(position);

        // 1.5 ETH: −300, closing fee 1.35, penalty 13.5 (6.75 to the keeper).
        Assert.Equal(997.5m - 209.9m - 314.85m, (await trader.Balance()).FreeBalance);
        Assert.Equal(4.5m + 6.75m, (await keeper.Balance()).FreeBalance);
        Assert.Equal(4.5m + 6.75m, (await s.Pool("ETH-USD")).InsuranceFund);
        await s.BooksBalance();
    }

    private static async Task<CrossLiquidationAnswer> Order(Scenario s, TraderSteps account, TraderSteps keeper, PositionId position,
        decimal fraction, string transfer)
    {
        var mark = (await s.Marks()).Single(m => m.Market.Value == "ETH-USD");
        return await s.Ask<CrossLiquidationAnswer>(s.Node.Positions,
            new LiquidateCrossPosition(position, account.Id, 1, TransferId.From(transfer), fraction, mark, keeper.Id, s.Now));
    }
}
