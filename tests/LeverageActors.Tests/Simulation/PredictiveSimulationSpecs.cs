using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using Xunit.Abstractions;

namespace LeverageActors.Tests.Simulation;

/// <summary>
/// The simulator's "predictive" design: dynamic margin with early deleverage on, the position's own
/// rule (<c>EarlyDeleverage</c>) deciding on the risk index's σ-distance checks. Compared with
/// "dynamic" on the same path, population and seed.
/// </summary>
public class PredictiveSimulationSpecs(ITestOutputHelper output)
{
    private static SimulationSummary Simulate(string design, int traders = 300) =>
        new PureEngine().Run(SimulationSamples.Run(traders, new SimulationParameters { Features = RiskFeatures.Named(design)! })).Summary;

    [Fact]
    public void On_the_sample_crash_early_deleverage_leaves_fewer_liquidations_and_less_bad_debt_with_the_books_balanced()
    {
        var dynamic = Simulate("dynamic");
        var predictive = Simulate("predictive");
        output.WriteLine(SimulationSamples.Timeless(dynamic));
        output.WriteLine(SimulationSamples.Timeless(predictive));

        Assert.Empty(dynamic.InvariantViolations);
        Assert.Empty(predictive.InvariantViolations);
        // The same traders opened: only what the risk engine did after differs.
        Assert.Equal(dynamic.PositionsOpened, predictive.PositionsOpened);
        Assert.Equal(0, dynamic.EarlyDeleverages);
        Assert.Equal(0m, dynamic.EarlyDeleveragedNotional);
        Assert.True(predictive.EarlyDeleverages > 0 && predictive.EarlyDeleveragedNotional > 0,
            $"{predictive.EarlyDeleverages} early deleverages closing {predictive.EarlyDeleveragedNotional}");
        Assert.True(predictive.Warnings > dynamic.Warnings, $"warnings {predictive.Warnings} against {dynamic.Warnings}");

        var liquidations = dynamic.FullLiquidations + dynamic.PartialLiquidations;
        var early = predictive.FullLiquidations + predictive.PartialLiquidations;
        Assert.True(early < liquidations, $"{early} liquidations with predictive deleverage against {liquidations} without");
        Assert.True(predictive.BadDebt < dynamic.BadDebt, $"bad debt {predictive.BadDebt} with predictive deleverage against {dynamic.BadDebt} without");
        Assert.True(predictive.Shortfall < dynamic.Shortfall);
        // Where each run's shortfall went: the insurance fund or bad debt, nothing lost or made on the way.
        Assert.Equal(dynamic.Shortfall, dynamic.InsuranceUsed + dynamic.BadDebt);
        Assert.Equal(predictive.Shortfall, predictive.InsuranceUsed + predictive.BadDebt);
        Assert.Equal(0, predictive.LiquidationsOutstanding);
    }

    [Fact]
    public void A_predictive_run_is_repeatable()
    {
        Assert.Equal(SimulationSamples.Timeless(Simulate("predictive", 120)), SimulationSamples.Timeless(Simulate("predictive", 120)));
    }

    [Fact]
    public void Predictive_deleverage_without_dynamic_margin_is_refused()
    {
        var parameters = new SimulationParameters { Features = new RiskFeatures(PredictiveDeleverage: true) };
        const string expected = "predictive deleverage needs dynamic margin (the volatility it measures in comes with it)";

        Assert.Equal([expected], parameters.Problems());
        Assert.Equal(expected, Assert.Throws<NotSupportedException>(() => new PureEngine().Run(SimulationSamples.Run(5, parameters))).Message);
    }

    [Fact]
    public void ADL_reductions_are_counted()
    {
        // Was always 0: the ledger never counted AutoDeleverageStarted.
        var market = new MarketParameters { MaxPnlFactor = 0.001m, AdlTargetFactor = 0.0005m };
        var off = new PureEngine().Run(SimulationSamples.Run(300, new SimulationParameters { Market = market })).Summary;
        var on = new PureEngine().Run(SimulationSamples.Run(300, new SimulationParameters { Market = market, Features = new RiskFeatures(Adl: true) })).Summary;

        Assert.Equal(0, off.AdlReductions);
        Assert.True(on.AdlReductions > 0, "the ADL run counted no reduction");
        Assert.Empty(on.InvariantViolations);
    }

    [Fact]
    public void The_ledger_counts_risk_engine_settlements_apart_from_stop_losses()
    {
        var eth = MarketId.From("ETH-USD");
        var ledger = new RunLedger(eth, new MarketParameters());
        var id = PositionId.From("p1");
        var at = SimulationSamples.Start;
        var settlement = new Settlement(10m, 0m, 0m, 0m, 0m, 0m, 10m, 0m, 0m, 0m, 0m, 0m, 0m);

        ledger.Observe(new PositionAtRisk(id, eth, 1.5m, 2m, 1900m, 1m, 1850m, 0.02m, 0.001m, TimeSpan.FromSeconds(60), 4, at));
        ledger.Observe(new EarlyDeleverageStarted(id, eth, 2, 0.3m, 0.5m, 1m, 2m, 1900m, 5, 1m, 0.02m, 0.001m, TimeSpan.FromSeconds(60), at));
        ledger.Observe(new PositionSettlementCompleted(id, 2, TransferId.Of(id, 1), settlement, at));
        ledger.Observe(new AutoDeleverageStarted(id, eth, 1, 1, 3, 0.5m, 1900m, 6, 5m, 10m, 100m, 0.5m, 5m, 6m, 0.85m, at));
        ledger.Observe(new PositionSettlementCompleted(id, 3, TransferId.Of(id, 2), settlement, at));
        ledger.Observe(new PositionSettlementCompleted(id, 4, TransferId.Of(id, 3), settlement, at));

        Assert.Equal((1, 1, 1, 1), (ledger.Warnings, ledger.EarlyDeleverages, ledger.AdlReductions, ledger.StopLosses));
    }
}
