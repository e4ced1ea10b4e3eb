using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Cross;

/// <summary>
/// An account liquidation on a node with cross margin on: the cross-account watcher checks the
/// account at each tick, the account closes its position and then sells its ETH to the node's
/// liquidator account, and the books balance per asset once nothing is in flight.
/// </summary>
public sealed class AccountLiquidationNodeStories
{
    [Fact]
    public async Task An_ETH_long_on_ETH_collateral_in_a_40_percent_crash_is_liquidated_positions_first_then_the_ETH_sold_to_the_liquidator()
    {
        var s = await Scenario.StartAsync(node: n => n with { CrossMargin = true });
        await using var _ = s;
        await s.OracleReports("ETH-USD", 2_000m);
        await s.GivenPool("ETH-USD", 1_000_000m);
        // The node opens its liquidator account as it starts (this open may come first: either is fine); it buys the collateral with its own USD.
        await s.Ask<object>(s.Node.Accounts, new OpenAccount(Scenario.Liquidator, RequestId.New(), s.Now));
        await new TraderSteps(s, Scenario.Liquidator).Deposits(10_000m);
        // 7.2 ETH and 10 USD (the opening fee) back a 10 ETH long from 2,000.
        var trader = await (await s.Trader("cross")).Deposits(10m);
        await s.DepositsAsset(trader, "ETH", 7.2m);
        var position = await s.OpensCross(trader, "ETH-USD", PositionSide.Long, 400m, 50m);
        var feed = await TopicRecorder.Subscribe(s.Node.System, AccountLiquidationActivity.Topic(MarketId.From("ETH-USD")));

        // ETH falls 40%: equity −230 against 120. Each tick moves the liquidation one step.
        await Eventually.Holds("the account to be liquidated: the long closed, then its ETH sold", async () =>
        {
            s.Advance(TimeSpan.FromSeconds(1));
            await s.OracleReports("ETH-USD", 1_200m);
            var keeper = await s.Balance(Scenario.Liquidator);
            return keeper.Assets?.SingleOrDefault(a => a.Asset.Value == "ETH") is { Balance: > 0 } && (await trader.Balance()).FreeBalance >= 0;
        });

        Assert.Equal(PositionStatus.Liquidated, (await s.Settled(position))!.Status);
        var account = await trader.Balance();
        var bought = (await s.Balance(Scenario.Liquidator)).Assets!.Single(a => a.Asset.Value == "ETH").Balance;
        // The debt (loss 8,000, fee 6, penalty 60, a little interest) bought at 1,200 × 0.95 = 1,140 a unit.
        Assert.InRange(bought, 7.075439m, 7.08m);
        Assert.Equal(7.2m, account.Assets!.Single(a => a.Asset.Value == "ETH").Balance + bought);
        await s.BooksBalance();

        // The public feed carried the sale, at the oracle's price less the 5% bonus, naming no account.
        await Eventually.Holds("the sale to reach the feed", () => Task.FromResult(feed.Messages.OfType<AccountLiquidationActivity>().Any()));
        var sale = Assert.Single(feed.Messages.OfType<AccountLiquidationActivity>());
        Assert.Equal(AccountLiquidationActivityKind.CollateralSold, sale.Kind);
        Assert.Equal(("ETH", bought, 1_140m), (sale.Asset?.Value, sale.Quantity, sale.Price));
        Assert.Equal(Messages.Common.Money.Payout(bought * 1_140m), sale.Amount);
    }
}
