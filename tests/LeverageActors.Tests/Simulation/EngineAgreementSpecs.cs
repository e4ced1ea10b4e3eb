using LeverageActors.Actors.Simulation;
using LeverageActors.Host.Simulation;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Tests.Simulation;

/// <summary>
/// The pure engine and a real node (sharding, the SQLite journal, the risk index and liquidator
/// actors) fed the same path and population give the same liquidations and the same bad debt.
/// </summary>
public class EngineAgreementSpecs
{
    [Fact]
    public void The_pure_engine_and_a_node_liquidate_the_same_positions_for_the_same_bad_debt()
    {
        var path = new MarketPath(MarketId.From("ETH-USD"), new AnchorPath(MarketId.From("ETH-USD"),
        [
            new(SimulationSamples.Start, 2000m, TimeSpan.FromMinutes(10)),
            new(SimulationSamples.Start.AddHours(2), 1990m, TimeSpan.FromMinutes(10)),
            new(SimulationSamples.Start.AddHours(2).AddMinutes(10), 1600m, TimeSpan.FromMinutes(10)),
            new(SimulationSamples.Start.AddHours(4), 1350m, TimeSpan.FromMinutes(10)),
            new(SimulationSamples.Start.AddHours(5), 1500m, TimeSpan.FromMinutes(10)),
        ], VolatilityPerStep: 0.003, Seed: 9).Points(), "small crash");
        var spec = SimulationSamples.Traders(24) with
        {
            Leverage = new Distribution(3m, 40m),
            Providers = new ProviderSpec(2, 1_000_000m, new WithdrawalBehaviour(0.5m, 0.01m, 0.5m)),
        };
        // Without a penalty the insurance fund stays empty, so how a shortfall splits between it and
        // bad debt does not depend on the order of liquidations at one price (which the node's actors choose).
        var parameters = new SimulationParameters { Market = new() { LiquidationPenaltyRate = 0m } };
        var run = new SimulationRun(path, Population.Generate(spec, path.Start, path.End, 4), parameters, 4);

        var pure = new PureEngine().Run(run).Summary;
        var node = new NodeEngine().Run(run).Summary;

        Assert.True(pure.FullLiquidations + pure.PartialLiquidations >= 5, $"the path liquidated only {pure.FullLiquidations}");
        Assert.True(pure.BadDebt > 0, "the path made no bad debt to compare");
        Assert.Equal(pure.PositionsOpened, node.PositionsOpened);
        Assert.Equal(pure.OpensRefused, node.OpensRefused);
        Assert.Equal(pure.FullLiquidations, node.FullLiquidations);
        Assert.Equal(pure.PartialLiquidations, node.PartialLiquidations);
        Assert.Equal(pure.BadDebt, node.BadDebt);
        Assert.Equal(pure.Shortfall, node.Shortfall);
        Assert.Equal(pure.StopLosses, node.StopLosses);
        Assert.Equal(pure.TopUps, node.TopUps);
        Assert.Equal(pure.ProviderWithdrawals, node.ProviderWithdrawals);
        Assert.Equal(pure.ProviderWithdrawalsPaused, node.ProviderWithdrawalsPaused);
        Assert.Equal(pure.ProviderWithdrawalsRefused, node.ProviderWithdrawalsRefused);
        // Shares are priced from sums the pool builds in the order events reach it (reserved over the
        // borrow index), which the node's actors choose: the last of the 28 digits may differ.
        Assert.InRange(node.LpPnl, pure.LpPnl - 0.00001m, pure.LpPnl + 0.00001m);
        Assert.True(pure.InvariantViolations.Count == 0, string.Join("\n", pure.InvariantViolations));
        Assert.True(node.InvariantViolations.Count == 0, string.Join("\n", node.InvariantViolations));
    }

    [Fact]
    public void The_node_refuses_what_it_cannot_simulate()
    {
        var run = SimulationSamples.Run(2, new SimulationParameters { Oracle = new OracleSettings { Latency = TimeSpan.FromSeconds(60) } });

        Assert.Contains("latency in real time", Assert.Throws<NotSupportedException>(() => new NodeEngine().Run(run)).Message);
    }
}
