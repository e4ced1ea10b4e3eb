using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Serialization;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Cross;

/// <summary>
/// An account liquidation on a node with cross margin on: the cross-account watcher checks the
/// account at each tick, the account closes its position and then sells its ETH to the node's
/// liquidator account, and the books balance per asset once nothing is in flight. An account gapped
/// below zero in two markets: its shortfall paid by the two pools in proportion to their losses,
/// each from its insurance fund first, then its LPs; the audit of the node's journal is clean.
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

        // ETH falls 40%: equity −230 against 120. Each tick moves the liquidation one step. The fall trips the
        // circuit breaker for 15 minutes: the long is closed at once, the ETH sold at the first price after the halt.
        await Eventually.Holds("the account to be liquidated: the long closed, then its ETH sold", async () =>
        {
            s.Advance(TimeSpan.FromSeconds(30));
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

    /// <summary>The default markets without interest (zero borrow rate), so the numbers are the pure story's to the millionth.</summary>
    private static readonly MarketCatalog Interestless = new(
        MarketCatalog.Default.Markets.ToDictionary(kv => kv.Key, kv => kv.Value with { Slope1 = 0m, Slope2 = 0m }));

    [Fact]
    public async Task A_cross_account_gapped_below_zero_in_two_markets_is_charged_nothing_and_its_shortfall_is_paid_by_both_pools_in_proportion()
    {
        var database = TestDatabase.OnDisk();
        var s = await Scenario.StartAsync(database, Interestless, n => n with { CrossMargin = true });
        await using var _ = s;
        await s.OracleReports("ETH-USD", 2_000m);
        await s.OracleReports("BTC-USD", 50_000m);
        await s.GivenPool("ETH-USD", 1_000_000m);
        await s.GivenPool("BTC-USD", 1_000_000m);
        await s.Ask<object>(s.Node.Accounts, new OpenAccount(Scenario.Liquidator, RequestId.New(), s.Now));
        // 5 ETH long from 2,000 and 0.2 BTC long from 50,000, each 200 × 50 of 1,000 USD; the two opening fees of 5 leave 990.
        var trader = await (await s.Trader("gapped")).Deposits(1_000m);
        var eth = await s.OpensCross(trader, "ETH-USD", PositionSide.Long, 200m, 50m);
        var btc = await s.OpensCross(trader, "BTC-USD", PositionSide.Long, 200m, 50m);
        Assert.Equal(990m, (await trader.Balance()).FreeBalance);
        var before = (Eth: await s.Pool("ETH-USD"), Btc: await s.Pool("BTC-USD"));

        // One tick in each market: ETH −25% to 1,500, BTC −20% to 40,000. Both earlier prices are let go stale first,
        // so the first check sees both gaps (with only ETH's, the rule would close BTC at 50,000 first).
        s.Advance(TimeSpan.FromSeconds(61));
        await Eventually.Holds("the account to be liquidated to the end: positions closed, the shortfall paid", async () =>
        {
            s.Advance(TimeSpan.FromSeconds(1));
            await s.OracleReports("ETH-USD", 1_500m);
            await s.OracleReports("BTC-USD", 40_000m);
            return Journal(database).OfType<AccountLiquidationEnded>().Any();
        });

        Assert.Equal(PositionStatus.Liquidated, (await s.Settled(btc))!.Status);
        Assert.Equal(PositionStatus.Liquidated, (await s.Settled(eth))!.Status);
        var journal = Journal(database);
        // BTC's 8,000 of notional first: loss 2,000; then ETH's 7,500: loss 2,500. The account is worth 990 − 4,500 before
        // any charge: no closing fee, no penalty (the pools covering its debt would pay them).
        Assert.Equal([btc, eth], journal.OfType<CrossPositionLiquidationOrdered>().Select(o => o.PositionId));
        Assert.All(journal.OfType<CrossPositionLiquidationOrdered>(), o => Assert.Equal((1m, 0m), (o.Fraction, o.ChargeCap)));
        // Nothing to sell, 990 − 2,000 − 2,500 = −3,510 owed: BTC's share 3,510 × 2,000 / 4,500, ETH the rest.
        var shortfall = Assert.Single(journal.OfType<AccountShortfallOrdered>());
        Assert.Equal(3_510m, shortfall.Shortfall);
        Assert.Equal([("BTC-USD", 2_000m, 1_560m), ("ETH-USD", 2_500m, 1_950m)],
            shortfall.Shares.Select(x => (x.Market.Value, x.Loss, x.Amount)));
        // The insurance funds got no penalty, so each pool's LPs pay its share.
        var paid = journal.OfType<AccountShortfallReceived>().OrderBy(r => r.Market.Value).Select(r => (r.Market.Value, r.FromInsurance, r.FromLiquidity));
        Assert.Equal([("BTC-USD", 0m, 1_560m), ("ETH-USD", 0m, 1_950m)], paid);
        Assert.Equal(0m, (await trader.Balance()).FreeBalance);
        Assert.Empty((await trader.Balance()).Assets ?? []);

        var after = (Eth: await s.Pool("ETH-USD"), Btc: await s.Pool("BTC-USD"));
        Assert.Equal((before.Eth.InsuranceFund, before.Btc.InsuranceFund), (after.Eth.InsuranceFund, after.Btc.InsuranceFund));
        Assert.Equal((0m, 0m), (after.Eth.InsuranceFund, after.Btc.InsuranceFund));
        // The LPs gained what the positions lost, then paid the shortfall: in all the account's 990 and nothing more.
        // ETH 1,000,004.5 + 2,500 − 1,950, BTC 1,000,004.5 + 2,000 − 1,560.
        Assert.Equal((1_000_004.5m, 1_000_004.5m), (before.Eth.PoolValue, before.Btc.PoolValue));
        Assert.Equal(1_000_554.5m, after.Eth.PoolValue);
        Assert.Equal(1_000_444.5m, after.Btc.PoolValue);
        await s.BooksBalance();

        var audit = new AuditLedger(Interestless);
        foreach (var row in JournalSource.For(database.Journal).Rows())
            audit.Read(row);
        audit.Finish();
        Assert.Empty(audit.Violations);
    }

    private static List<ILeverageEvent> Journal(TestDatabase database) =>
        JournalSource.For(database.Journal).Rows().Select(r => (ILeverageEvent)LeverageSerializer.Decode(r.Payload, r.Manifest!)).ToList();
}
