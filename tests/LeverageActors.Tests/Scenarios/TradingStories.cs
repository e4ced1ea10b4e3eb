using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Scenarios;

/// <summary>Whole stories through the shard regions on each journal database; the books balance after each.</summary>
public abstract class TradingStories(TestDatabases databases)
{
    [Fact]
    public async Task A_10x_long_closed_after_a_5_percent_rise_pays_exactly()
    {
        await using var s = await Scenario.StartAsync(databases.Fresh());
        s.PriceIs("ETH-USD", 2_000m);
        await s.GivenPool("ETH-USD", 1_000_000m);
        var a = await s.Trader("A").Deposits(10_000m);

        var p = await a.Opens("ETH-USD", PositionSide.Long, collateral: 1_000m, leverage: 10m);
        s.PriceIs("ETH-USD", 2_100m);
        await a.Closes(p);

        // notional 10,000 → 5 ETH, reserved 9,000, opening fee 5 (0.5 to the protocol).
        // At 2,100: PnL +500, closing fee 5 × 2,100 × 0.05% = 5.25 (0.525 to the protocol), no time, no interest.
        // Payout 995 + 500 − 5.25 = 1,489.75.
        Assert.Equal(10_489.75m, (await a.Balance()).FreeBalance);
        var pool = await s.Pool("ETH-USD");
        Assert.Equal(999_509.225m, pool.Assets);
        Assert.Equal(1.025m, pool.ProtocolFees);
        Assert.Equal(0m, pool.Reserved);
        await s.BooksBalance();
    }

    [Fact]
    public async Task A_10x_short_closed_after_a_rise_loses_to_the_pool()
    {
        await using var s = await Scenario.StartAsync(databases.Fresh());
        s.PriceIs("ETH-USD", 2_000m);
        await s.GivenPool("ETH-USD", 1_000_000m);
        var a = await s.Trader("A").Deposits(10_000m);

        var p = await a.Opens("ETH-USD", PositionSide.Short, collateral: 1_000m, leverage: 10m);
        s.PriceIs("ETH-USD", 2_050m);
        await a.Closes(p);

        // PnL −250; closing fee 5 × 2,050 × 0.05% = 5.125. Payout 995 − 250 − 5.125 = 739.875.
        Assert.Equal(9_739.875m, (await a.Balance()).FreeBalance);
        var pool = await s.Pool("ETH-USD");
        // Pool: +4.5 at open, then 995 − 739.875 − 0.5125 (protocol, rounded down to 0.512500).
        Assert.Equal(1_000_259.1125m, pool.Assets);
        await s.BooksBalance();
    }

    [Fact]
    public async Task Interest_accrues_by_time_and_is_charged_on_close()
    {
        await using var s = await Scenario.StartAsync(databases.Fresh());
        s.PriceIs("BTC-USD", 50_000m);
        await s.GivenPool("BTC-USD", 100_000m);
        var a = await s.Trader("A").Deposits(10_000m);

        var p = await a.Opens("BTC-USD", PositionSide.Long, collateral: 5_000m, leverage: 9m);
        s.Advance(TimeSpan.FromDays(30));
        s.PriceIs("BTC-USD", 50_000m);
        var view = await s.Position(p);
        await a.Closes(p);

        // Notional 45,000, reserved 40,000; the opening fee 22.5 leaves 20.25 with the LPs (2.25 to the protocol),
        // so utilization is 40,000 / 100,020.25; r = 0.04·U/0.8, compounded continuously over 30 days:
        // 40,000 · (e^x − 1) with x = r · 30/365, summed here as x + x²/2 + x³/6 + x⁴/24 (the next term
        // is below a millionth of a unit).
        var pool = await s.Pool("BTC-USD");
        var u = 40_000m / 100_020.25m;
        var x = 0.04m * u / 0.8m * 30m / 365m;
        var expectedInterest = LeverageActors.Messages.Common.Money.Charge(40_000m * (x + x * x / 2 + x * x * x / 6 + x * x * x * x / 24));
        Assert.Equal(expectedInterest, view.AccruedInterest);
        var closeFee = LeverageActors.Messages.Common.Money.Charge(0.9m * 50_000m * 0.0005m);
        Assert.Equal(10_000m - 5_000m + (5_000m - 22.5m - expectedInterest - closeFee), (await a.Balance()).FreeBalance);
        Assert.Equal(0m, pool.Reserved);
        await s.BooksBalance();
    }

    [Fact]
    public async Task Two_traders_on_opposite_sides_share_one_pool()
    {
        await using var s = await Scenario.StartAsync(databases.Fresh());
        s.PriceIs("SOL-USD", 100m);
        await s.GivenPool("SOL-USD", 500_000m);
        var a = await s.Trader("A").Deposits(5_000m);
        var b = await s.Trader("B").Deposits(5_000m);

        var pa = await a.Opens("SOL-USD", PositionSide.Long, 2_000m, 5m);
        var pb = await b.Opens("SOL-USD", PositionSide.Short, 1_000m, 20m);
        var during = await s.Pool("SOL-USD");
        s.PriceIs("SOL-USD", 90m);
        await a.Closes(pa);
        await b.Closes(pb);

        Assert.Equal(8_000m + 19_000m, during.Reserved);
        Assert.Equal(10_000m, during.LongOpenInterest);
        Assert.Equal(20_000m, during.ShortOpenInterest);
        // No time passes, so no interest. A: 2,000 × 5 = 10,000 of notional, fee 5, holds 1,995 for
        // 100 SOL; at 90 the PnL is −1,000 and the closing fee 0.05% of 9,000 = 4.5: 990.5 back,
        // 5,000 − 2,000 + 990.5 = 3,990.5. B: 1,000 × 20 = 20,000, fee 10, holds 990 for 200 SOL
        // short; PnL +2,000 (under the 19,000 reserved), fee 0.05% of 18,000 = 9: 2,981 back,
        // 5,000 − 1,000 + 2,981 = 6,981.
        Assert.Equal(3_990.5m, (await a.Balance()).FreeBalance);
        Assert.Equal(6_981m, (await b.Balance()).FreeBalance);
        await s.BooksBalance();
    }

    [Fact]
    public async Task Profit_is_capped_at_the_reserved_amount()
    {
        await using var s = await Scenario.StartAsync(databases.Fresh());
        s.PriceIs("ETH-USD", 1_000m);
        await s.GivenPool("ETH-USD", 100_000m);
        var a = await s.Trader("A").Deposits(1_000m);

        var p = await a.Opens("ETH-USD", PositionSide.Long, 1_000m, 2m);
        s.PriceIs("ETH-USD", 3_000m);
        await a.Closes(p);

        // 2 ETH gain 4,000 but the pool reserved 1,000 for this position: that is all it can win.
        // Payout 999 (collateral after the 1.0 opening fee) + 1,000 − 3.0 closing fee.
        Assert.Equal(1_996m, (await a.Balance()).FreeBalance);
        await s.BooksBalance();
    }

    [Fact]
    public async Task Collateral_goes_in_and_out_and_a_decrease_pays_its_share()
    {
        await using var s = await Scenario.StartAsync(databases.Fresh());
        s.PriceIs("ETH-USD", 2_000m);
        await s.GivenPool("ETH-USD", 1_000_000m);
        var a = await s.Trader("A").Deposits(10_000m);
        var p = await a.Opens("ETH-USD", PositionSide.Long, 1_000m, 10m);

        Assert.IsType<PositionCommandAccepted>(await a.AddsCollateral(p, 500m));
        Assert.Equal(8_500m, (await a.Balance()).FreeBalance);
        Assert.IsType<PositionCommandAccepted>(await a.RemovesCollateral(p, 300m));
        var tooMuch = Assert.IsType<PositionCommandRejected>(await a.RemovesCollateral(p, 1_000m));
        Assert.Equal(RejectionCodes.BelowInitialMargin, tooMuch.Reason.Code);
        Assert.IsType<PositionCommandAccepted>(await a.Decreases(p, 0.5m));

        var half = await s.Position(p);
        Assert.Equal(2.5m, half.Quantity);
        Assert.Equal(4_500m, half.Reserved);
        Assert.Equal(597.5m, half.Collateral);
        await s.BooksBalance();
        await a.Closes(p);
        await s.BooksBalance();
    }

    [Fact]
    public async Task Liquidity_reserved_for_open_positions_cannot_be_withdrawn()
    {
        await using var s = await Scenario.StartAsync(databases.Fresh());
        s.PriceIs("ETH-USD", 2_000m);
        var lp = await s.GivenPool("ETH-USD", 100_000m);
        var a = await s.Trader("A").Deposits(10_000m);
        await a.Opens("ETH-USD", PositionSide.Long, 2_500m, 10m);

        // The LP holds 99,949 shares of 99,950 (100,000 less the 0.05% LP fee, one share locked).
        var refused = Assert.IsType<AccountCommandRejected>(await lp.Redeems("ETH-USD", 99_949m));
        // Seven tenths of the pool would leave the 25,000 long above 0.75 of what is left (the
        // pool-share cap with a withdrawal's headroom).
        var capped = Assert.IsType<AccountCommandRejected>(await lp.Redeems("ETH-USD", 70_000m));
        var allowed = Assert.IsType<LiquidityRequestCompleted>(await lp.Redeems("ETH-USD", 50_000m));

        Assert.Equal(RejectionCodes.InsufficientLiquidity, refused.Reason.Code);
        Assert.Equal(RejectionCodes.PoolOpenInterestCap, capped.Reason.Code);
        // Pool value 100,011.25 (the LPs' 11.25 of the 12.5 opening fee); 50,000 of 99,950 shares are
        // worth that share of it (rounded down), less the LP fee of 0.05% (rounded up).
        var worth = LeverageActors.Messages.Common.Money.Payout(50_000m * 100_011.25m / 99_950m);
        Assert.Equal(worth - LeverageActors.Messages.Common.Money.Charge(worth * 0.0005m), allowed.Amount);
        Assert.Equal(allowed.Amount, (await lp.Balance()).FreeBalance);
        await s.BooksBalance();
    }
}

public sealed class TradingStoriesOnSqlite() : TradingStories(TestDatabases.Sqlite);

[Collection(PostgresCollection.Name)]
public sealed class TradingStoriesOnPostgres(PostgresFixture postgres) : TradingStories(postgres.Databases);
