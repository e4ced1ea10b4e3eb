using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Cross;

/// <summary>
/// Issue 16's cross-margin stories on a node: prices move through the oracles, the risk index and
/// the liquidators run, and the books balance (each asset apart) after each. These are README's
/// "Portfolio accounts" worked example, number for number.
/// </summary>
public sealed class CrossMarginStories
{
    [Fact]
    public async Task A_winning_ETH_long_offsets_a_losing_BTC_short_in_one_cross_account_where_isolated_the_short_is_liquidated()
    {
        await using var s = await Scenario.StartAsync();
        await s.MarketIsWatched("BTC-USD");
        await s.OracleReports("ETH-USD", 2_000m);
        await s.OracleReports("BTC-USD", 50_000m);
        await s.GivenPool("ETH-USD", 1_000_000m);
        await s.GivenPool("BTC-USD", 1_000_000m);

        // Isolated: 1,000 behind each 10x position, 2,000 in all.
        var iso = await s.Trader("isolated").Deposits(2_000m);
        var isoLong = await iso.Opens("ETH-USD", PositionSide.Long, 1_000m, 10m);
        var isoShort = await iso.Opens("BTC-USD", PositionSide.Short, 1_000m, 10m);

        // Cross: the same two positions (10,000 of notional each: 5 ETH long, 0.2 BTC short) on 1,000 of USD.
        var cross = await s.Trader("cross").Deposits(1_000m);
        var crossLong = await s.OpensCross(cross, "ETH-USD", PositionSide.Long, 1_000m, 10m);
        var crossShort = await s.OpensCross(cross, "BTC-USD", PositionSide.Short, 1_000m, 10m);
        // Two opening fees of 5 left USD; each position's requirement is 2% of 10,000 to open.
        Assert.Equal(990m, (await cross.Balance()).FreeBalance);
        var opened = await s.Margin(cross);
        Assert.Equal(400m, opened.InitialRequirement);
        Assert.Equal(990m - 5m - 5m, opened.InitialEquity);

        // ETH +10% (2,200), BTC +15% (57,500).
        await s.OracleReports("ETH-USD", 2_200m);
        await s.OracleReports("BTC-USD", 57_500m);

        // Isolated, the short lost 1,500 of its 995: liquidated.
        await s.PositionWhen(isoShort, v => v.Status == PositionStatus.Liquidated, "liquidated");
        Assert.Equal(PositionStatus.Open, (await s.Position(isoLong)).Status);

        // Cross: 990 + (1,000 − 5.5) + (−1,500 − 5.75) = 478.75 of equity against 1% of 22,500 = 225.
        var margin = await s.Margin(cross);
        Assert.Equal(478.75m, margin.Equity);
        Assert.Equal(225m, margin.MaintenanceRequirement);
        Assert.Equal(450m, margin.InitialRequirement);
        Assert.Equal(478.75m / 225m, margin.Health);
        // Gains do not count toward a withdrawal: 990 − 5.5 − 1,505.75.
        Assert.Equal(-521.25m, margin.WithdrawalEquity);
        Assert.Equal(PositionStatus.Open, (await s.Position(crossShort)).Status);
        Assert.Equal(PositionStatus.Open, (await s.Position(crossLong)).Status);
        // BTC, the others held: maintenance equity − requirement = 253.75 falls by 0.2 + 0.2 × (0.0005 + 0.01) = 0.2021 a dollar.
        var btc = Assert.Single(margin.LiquidationMoves, m => m.Market.Value == "BTC-USD");
        Assert.Equal(decimal.Round(57_500m + 253.75m / 0.2021m, 6), btc.LiquidationPrice);

        // The unrealised gain backs the short, but leaves only once realised.
        Assert.Equal(RejectionCodes.WithdrawalBreachesMargin,
            Assert.IsType<AccountCommandRejected>(await cross.Withdraws(1m)).Reason.Code);

        await cross.Closes(crossLong);
        await cross.Closes(crossShort);
        var closed = await cross.Balance();
        Assert.Equal(478.75m, closed.FreeBalance);
        Assert.Equal(0m, closed.LockedCollateral);
        await s.BooksBalance();
    }

    [Fact]
    public async Task Withdrawing_a_volatile_asset_that_would_breach_initial_margin_is_refused_and_a_smaller_one_passes()
    {
        await using var s = await Scenario.StartAsync();
        await s.OracleReports("ETH-USD", 2_000m);
        await s.OracleReports("BTC-USD", 50_000m);
        await s.GivenPool("BTC-USD", 1_000_000m);
        var trader = await s.Trader("eth-backed").Deposits(100m);
        await s.DepositsAsset(trader, "ETH", 2m);

        // A 20,000 BTC long on 2 ETH: the initial requirement is 2% of it, 400.
        await s.OpensCross(trader, "BTC-USD", PositionSide.Long, 1_000m, 20m);
        var margin = await s.Margin(trader);
        // USD 90 after the 10 fee, 2 ETH × 2,000 × 0.80 = 3,200, less the 10 closing fee.
        Assert.Equal(3_280m, margin.InitialEquity);
        Assert.Equal(400m, margin.InitialRequirement);

        // 1.9 ETH would leave 0.1 × 1,600 + 90 − 10 = 240 < 400.
        var refused = Assert.IsType<AccountCommandRejected>(await s.WithdrawsAsset(trader, "ETH", 1.9m));
        Assert.Equal(RejectionCodes.WithdrawalBreachesMargin, refused.Reason.Code);
        // 1.5 ETH leaves 0.5 × 1,600 + 80 = 880.
        Assert.IsType<AccountCommandAccepted>(await s.WithdrawsAsset(trader, "ETH", 1.5m));
        var after = await trader.Balance();
        Assert.Equal(0.5m, Assert.Single(after.Assets!).Balance);
        await s.BooksBalance();
    }
}
