using Akka.Actor;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Risk;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Scenarios;

/// <summary>Prices move through the oracle; the risk index, positions and liquidators do the rest. The books balance after each.</summary>
public abstract class LiquidationStories(TestDatabases databases)
{
    private async Task<(Scenario S, TraderSteps A, PositionId P)> TenTimesLongAt2000(MarketCatalog? markets = null)
    {
        var s = await Scenario.StartAsync(databases.Fresh(), markets);
        await s.MarketIsWatched("ETH-USD");
        await s.OracleReports("ETH-USD", 2_000m);
        await s.GivenPool("ETH-USD", 1_000_000m);
        var a = await s.Trader("A").Deposits(10_000m);
        var p = await a.Opens("ETH-USD", PositionSide.Long, 1_000m, 10m);
        return (s, a, p);
    }

    [Fact]
    public async Task A_10x_long_is_liquidated_after_a_9_5_percent_fall_with_the_penalty_split_exactly()
    {
        var (s, a, p) = await TenTimesLongAt2000();
        await using var _ = s;

        await s.OracleReports("ETH-USD", 1_810m);
        var liquidated = await s.PositionWhen(p, v => v.Status == PositionStatus.Liquidated, "liquidated");

        // At 1,810: PnL −950, closing fee 4.525, equity 40.475 < ⅔ of maintenance 90.5: all of it goes.
        // What is left after the closing fee, 40.475, is the penalty (1% of 9,050 would be 90.5):
        // 20.2375 to the liquidator, 20.2375 to the insurance fund; nothing back to the trader.
        Assert.Equal(0m, liquidated.RealizedPayout);
        Assert.Equal(20.2375m, (await s.Balance(Scenario.Liquidator)).FreeBalance);
        var pool = await s.Pool("ETH-USD");
        Assert.Equal(20.2375m, pool.InsuranceFund);
        Assert.Equal(1_000_004.5m + 954.0725m, pool.Assets);
        Assert.Equal(0.5m + 0.4525m, pool.ProtocolFees);
        Assert.Equal(0m, pool.Reserved);
        Assert.Equal(9_000m, (await a.Balance()).FreeBalance);
        await s.BooksBalance();
    }

    [Fact]
    public async Task A_partial_liquidation_closes_just_enough_to_restore_maintenance_plus_the_buffer()
    {
        // With the default 1% penalty no partial liquidation can restore margin (it costs more than
        // maintenance); a market with a 0.2% penalty can.
        var gentle = new MarketCatalog(new Dictionary<MarketId, MarketParameters>
        {
            [MarketId.From("ETH-USD")] = new() { LiquidationPenaltyRate = 0.002m },
        });
        var (s, _, p) = await TenTimesLongAt2000(gentle);
        await using var __ = s;

        await s.OracleReports("ETH-USD", 1_816m);
        var after = await s.PositionWhen(p, v => v.Quantity < 5m, "partly liquidated");

        // 5 ETH held with 995 (1,000 less the 5 fee), no time passed so no interest. At 1,816:
        // notional 9,080, PnL −920, closing fee 4.54, equity 70.46: below maintenance 90.8, above
        // two thirds of it (60.53…). f = (0.03 × 9,080 − 70.46) / (9,080 × (0.03 − 0.002))
        // = 201.94 / 254.24 = 0.7942888… → 0.794289, so 5 × f = 3.971445 ETH close and 1.028555 stay.
        // The closed part: collateral 995 × f = 790.317555 (rounded down), PnL 3.971445 × −184
        // = −730.74588, fee 0.05% of 7,212.144120 = 3.606073 (up), penalty 0.2% = 14.424289 (up),
        // paid in full from 55.965602; half of it, 7.212144 (down), to the liquidator; 41.541313
        // stays as collateral of the rest: 995 − 790.317555 + 41.541313 = 246.223758.
        // The rest: equity 246.223758 − 189.25412 − fee 0.933928 (up) = 56.03571 on 1,867.85588
        // of notional: a margin ratio of 0.0300000180, just above maintenance 1% + buffer 2%.
        Assert.Equal(PositionStatus.Open, after.Status);
        Assert.Equal(1.028555m, after.Quantity);
        Assert.Equal(246.223758m, after.Collateral);
        var view = await s.Position(p);
        Assert.Equal(56.03571m, view.Equity);
        Assert.Equal(56.03571m / (1.028555m * 1_816m), view.MarginRatio);
        Assert.Equal(7.212144m, (await s.Balance(Scenario.Liquidator)).FreeBalance);
        await s.BooksBalance();
    }

    [Fact]
    public async Task A_30_percent_gap_makes_bad_debt_covered_by_insurance_first_then_by_LPs_and_halts_new_risk_not_liquidations()
    {
        var (s, _, first) = await TenTimesLongAt2000();
        await using var _ = s;
        await s.OracleReports("ETH-USD", 1_810m);
        await s.PositionWhen(first, v => v.Status == PositionStatus.Liquidated, "liquidated");
        Assert.Equal(20.2375m, (await s.Pool("ETH-USD")).InsuranceFund);

        s.Advance(TimeSpan.FromMinutes(10));
        await s.OracleReports("ETH-USD", 2_000m);
        var b = await s.Trader("B").Deposits(10_000m);
        var second = await b.Opens("ETH-USD", PositionSide.Long, 1_000m, 10m);
        s.Advance(TimeSpan.FromMinutes(1));
        await s.OracleReports("ETH-USD", 1_400m);

        var gone = await s.PositionWhen(second, v => v.Status == PositionStatus.Liquidated, "liquidated");
        var pool = await s.Pool("ETH-USD");
        // PnL −3,000 against 995 of collateral: 2,005 of loss beyond it, plus the minute of interest
        // the position owed and cannot pay (9,000 at 0.04·U/0.8 a year with U ≈ 0.009:
        // 0.0000077, charged up to 0.000008): a shortfall of 2,005.000008. The insurance fund's
        // 20.2375 covers what it can; 1,984.762508 is socialised to the LPs.
        Assert.Equal(0m, gone.RealizedPayout);
        Assert.Equal(0m, pool.InsuranceFund);
        Assert.Equal(1_984.762508m, pool.BadDebt);

        // The breaker tripped on the gap: opens are refused, the liquidation above went through.
        Assert.NotNull(pool.HaltedUntil);
        var c = await s.Trader("C").Deposits(10_000m);
        var refused = Assert.IsType<PositionCommandRejected>(await c.TriesToOpen("ETH-USD", PositionSide.Short, 1_000m, 5m));
        Assert.Equal(RejectionCodes.MarketHalted, refused.Reason.Code);
        Assert.Equal(10_000m, (await c.Balance()).FreeBalance);
        await s.BooksBalance();
    }

    [Fact]
    public async Task A_liquidator_killed_mid_burst_misses_no_breach()
    {
        await using var s = await Scenario.StartAsync(databases.Fresh());
        await s.MarketIsWatched("ETH-USD");
        await s.OracleReports("ETH-USD", 2_000m);
        await s.GivenPool("ETH-USD", 5_000_000m);
        var positions = new List<PositionId>();
        for (var i = 0; i < 12; i++)
        {
            var trader = await s.Trader($"t{i}").Deposits(2_000m);
            positions.Add(await trader.Opens("ETH-USD", PositionSide.Long, 1_000m, 10m + i));
        }

        var liquidator = await s.Node.System.ActorSelection(
            $"/user/market-watch/market-watch/{MarketWatch.LiquidatorName(MarketId.From("ETH-USD"))}").ResolveOne(Scenario.Timeout);
        await s.OracleReports("ETH-USD", 1_800m);
        liquidator.Tell(Kill.Instance);

        foreach (var p in positions)
            await s.PositionWhen(p, v => v.Status == PositionStatus.Liquidated, "liquidated");
        await s.BooksBalance();
    }

    [Fact]
    public async Task The_risk_index_rebuilt_after_a_restart_watches_a_position_opened_before_it()
    {
        var s = await Scenario.StartAsync(databases.Durable());
        await using var _ = s;
        await s.MarketIsWatched("ETH-USD");
        await s.OracleReports("ETH-USD", 2_000m);
        await s.GivenPool("ETH-USD", 1_000_000m);
        var a = await s.Trader("A").Deposits(10_000m);
        var p = await a.Opens("ETH-USD", PositionSide.Long, 1_000m, 20m);

        await s.Restart();
        await s.MarketIsWatched("ETH-USD");
        var status = await s.Ask<Messages.Risk.RiskIndexStatus>(s.Node.MarketWatch, new Messages.Risk.GetRiskIndexStatus(MarketId.From("ETH-USD")));
        Assert.Equal(1, status.Watched);
        s.Advance(TimeSpan.FromMinutes(2));
        await s.OracleReports("ETH-USD", 1_900m);

        await s.PositionWhen(p, v => v.Status == PositionStatus.Liquidated, "liquidated");
        await s.BooksBalance();
    }
}

public sealed class LiquidationStoriesOnSqlite() : LiquidationStories(TestDatabases.Sqlite);

[Collection(PostgresCollection.Name)]
public sealed class LiquidationStoriesOnPostgres(PostgresFixture postgres) : LiquidationStories(postgres.Databases);
