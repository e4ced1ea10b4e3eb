using LeverageActors.Actors.Simulation;

namespace LeverageActors.Tests.Simulation;

public class PureEngineSpecs
{
    private static SimulationSummary Simulate(SimulationRun run) => new PureEngine().Run(run).Summary;

    private static readonly SimulationParameters MarketFills = new()
    {
        Liquidator = new LiquidatorSettings { Execution = LiquidationExecution.Market, Mode = LiquidationMode.Full },
    };

    [Fact]
    public void A_crash_liquidates_positions_through_the_domain_and_the_books_balance()
    {
        var s = Simulate(SimulationSamples.Run(300));

        Assert.Equal(300, s.PositionsOpened + s.OpensRefused.Values.Sum());
        Assert.True(s.PositionsOpened > 250, $"only {s.PositionsOpened} opened");
        Assert.True(s.FullLiquidations + s.PartialLiquidations > 30, $"{s.FullLiquidations} liquidations");
        Assert.True(s.Breaches >= s.FullLiquidations + s.PartialLiquidations);
        Assert.True(s.StopLosses > 0 && s.TopUps > 0, $"stops {s.StopLosses}, top-ups {s.TopUps}");
        Assert.True(s.ProviderWithdrawals > 0,
            $"no provider withdrew on the drawdown ({s.ProviderWithdrawalsPaused} attempts paused, {s.ProviderWithdrawalsRefused} refused)");
        // The drawdown comes in the crash, while breaches are open or the market is halted: the
        // providers are paused first and withdraw when the pool lets them.
        Assert.True(s.ProviderWithdrawalsPaused > 0, "no withdrawal was paused: the retry after a pause went untested");
        Assert.True(s.Penalties > 0 && s.LiquidatorRewards > 0 && s.LiquidatorRewards < s.Penalties);
        Assert.Equal(0, s.LiquidationsOutstanding);
        Assert.Equal(s.Shortfall, s.InsuranceUsed + s.BadDebt);
        Assert.Empty(s.InvariantViolations);
    }

    /// <summary>
    /// With next-price execution, each open and each stop-loss or LP withdrawal a tick sets off executes
    /// at the next tick (and records it): the crash plays out differently, and the books still balance.
    /// </summary>
    [Fact]
    public void With_next_price_execution_trader_actions_execute_at_the_next_tick_and_the_books_balance()
    {
        var next = Simulate(SimulationSamples.Run(300, new SimulationParameters { Features = new RiskFeatures(NextPriceExecution: true) }));
        var now = Simulate(SimulationSamples.Run(300));

        Assert.True(next.PositionsOpened > 250, $"only {next.PositionsOpened} opened");
        Assert.True(next.StopLosses > 0, "no stop-loss executed");
        Assert.Empty(next.InvariantViolations);
        Assert.NotEqual(SimulationSamples.Timeless(now), SimulationSamples.Timeless(next));
    }

    [Fact]
    public void The_same_run_gives_the_same_summary()
    {
        Assert.Equal(SimulationSamples.Timeless(Simulate(SimulationSamples.Run(150))), SimulationSamples.Timeless(Simulate(SimulationSamples.Run(150))));
    }

    [Fact]
    public void Oracle_latency_with_fills_at_the_market_turns_the_gap_into_shortfall()
    {
        var prompt = Simulate(SimulationSamples.Run(300, MarketFills));
        var late = Simulate(SimulationSamples.Run(300, MarketFills with { Oracle = new OracleSettings { Latency = TimeSpan.FromMinutes(10) } }));

        Assert.True(late.Shortfall > 2 * prompt.Shortfall, $"shortfall {late.Shortfall} at 600 s against {prompt.Shortfall} at 0 s");
        Assert.Empty(late.InvariantViolations);
    }

    [Fact]
    public void A_slow_liquidator_leaves_more_shortfall()
    {
        var prompt = Simulate(SimulationSamples.Run(300, MarketFills));
        var slow = Simulate(SimulationSamples.Run(300, MarketFills with
        {
            Liquidator = MarketFills.Liquidator with { Delay = TimeSpan.FromMinutes(2), CapacityPerSecond = 0.05m },
        }));

        Assert.True(slow.Shortfall > prompt.Shortfall, $"shortfall {slow.Shortfall} with a slow liquidator against {prompt.Shortfall}");
        Assert.True(prompt.FullLiquidations + prompt.PartialLiquidations > 0);
        Assert.Empty(slow.InvariantViolations);
    }

    [Fact]
    public void Full_mode_closes_every_liquidated_position_whole()
    {
        var partial = Simulate(SimulationSamples.Run(300, new SimulationParameters { Market = new() { LiquidationPenaltyRate = 0.002m } }));
        var full = Simulate(SimulationSamples.Run(300, new SimulationParameters
        {
            Market = new() { LiquidationPenaltyRate = 0.002m },
            Liquidator = new LiquidatorSettings { Mode = LiquidationMode.Full },
        }));

        Assert.True(partial.PartialLiquidations > 0, "the market's rule found no partial liquidation");
        Assert.Equal(0, full.PartialLiquidations);
        Assert.True(full.FullLiquidations > 0);
    }

    [Theory]
    [InlineData("predictive deleverage needs dynamic margin (the volatility it measures in comes with it)")]
    public void A_feature_set_that_cannot_run_is_refused_with_why(string expected)
    {
        var parameters = new SimulationParameters { Features = new RiskFeatures(PredictiveDeleverage: true) };

        Assert.Equal(expected, parameters.Problems()[0]);
        Assert.Equal(expected, Assert.Throws<NotSupportedException>(() => Simulate(SimulationSamples.Run(5, parameters))).Message);
    }

    [Fact]
    public void With_price_impact_on_the_skewed_crowd_pays_impact_into_the_pool_and_the_books_balance()
    {
        // 70% of the traders long: the opens grow the long skew and pay; factors 100x the defaults so a
        // few hundred traders move the numbers.
        var market = new LeverageActors.Messages.Markets.MarketParameters { NegativeImpactFactor = 0.000000001m, PositiveImpactFactor = 0.0000000005m };
        var without = Simulate(SimulationSamples.Run(300, new SimulationParameters { Market = market with { NegativeImpactFactor = null, PositiveImpactFactor = null } }));
        var with = Simulate(SimulationSamples.Run(300, new SimulationParameters { Market = market, Features = new RiskFeatures(Impact: true) }));
        var defaults = Simulate(SimulationSamples.Run(300, new SimulationParameters { Features = new RiskFeatures(Impact: true) }));

        Assert.Equal((0m, 0m), (without.Impact, without.ImpactPool));
        Assert.True(with.Impact > 0, $"impact settled {with.Impact}");
        // What the settlements charged less what they rebated is what the impact pool holds.
        Assert.Equal(with.Impact, with.ImpactPool);
        Assert.NotEqual(without.LpPnl, with.LpPnl);
        Assert.True(defaults.Impact > 0 && defaults.Impact < with.Impact, $"impact at the defaults {defaults.Impact}, at 100x {with.Impact}");
        Assert.Empty(with.InvariantViolations);
        Assert.Empty(defaults.InvariantViolations);
    }

    [Fact]
    public void Every_feature_runs_now_and_only_predictive_without_dynamic_margin_is_refused()
    {
        // Issue 18 brought next-price execution, funding and impact: no feature waits for an issue any more.
        Assert.Empty(new RiskFeatures(true, true, true, true, true, true).Unavailable());
        Assert.Equal(
            ["predictive deleverage needs dynamic margin (the volatility it measures in comes with it)"],
            new RiskFeatures(DynamicMargin: false, PredictiveDeleverage: true, NextPriceExecution: true, Funding: true, Impact: true).Unavailable());
        Assert.Empty(RiskFeatures.Fixed.Unavailable());
    }

    [Fact]
    public void The_bundled_scenarios_are_what_their_anchors_synthesise()
    {
        foreach (var (file, title, path) in BundledScenario.All)
        {
            var committed = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "scenarios", file));
            Assert.True(committed == path.ToCsv(title), $"{file} differs from its anchors' synthesis");
            var read = PriceFile.Read(Path.Combine(AppContext.BaseDirectory, "scenarios", file));
            Assert.Equal(path.Anchors.Min(a => a.Price), read.Low);
        }
    }
}

/// <summary>The ADL stage in the pure engine: the domain's auto-deleveraging, driven by the run's own journal.</summary>
public class AdlStageSpecs
{
    private static SimulationSummary Simulate(SimulationRun run) => new PureEngine().Run(run).Summary;

    [Fact]
    public void With_ADL_on_and_a_low_limit_the_crash_winners_are_reduced_and_the_books_still_balance()
    {
        // A limit far below the default, so the shorts' gains in the sample crash pass it.
        var market = new Messages.Markets.MarketParameters { MaxPnlFactor = 0.001m, AdlTargetFactor = 0.0005m };
        var off = Simulate(SimulationSamples.Run(300, new SimulationParameters { Market = market }));
        var on = Simulate(SimulationSamples.Run(300, new SimulationParameters { Market = market, Features = new RiskFeatures(Adl: true) }));

        Assert.Empty(on.InvariantViolations);
        Assert.NotEqual(SimulationSamples.Timeless(off), SimulationSamples.Timeless(on));
        Assert.Equal(SimulationSamples.Timeless(on),
            SimulationSamples.Timeless(Simulate(SimulationSamples.Run(300, new SimulationParameters { Market = market, Features = new RiskFeatures(Adl: true) }))));
    }
}

/// <summary>Funding in the pure engine (issue 18): the feature on, the crowded side pays the other and the books still balance.</summary>
public class FundingFeatureSpecs
{
    private static SimulationSummary Simulate(SimulationRun run) => new PureEngine().Run(run).Summary;

    [Fact]
    public void With_funding_on_the_crowded_side_pays_the_other_and_the_books_still_balance()
    {
        var off = Simulate(SimulationSamples.Run(300));
        // A factor far above the recommended one, so the sample's few hours move visible amounts.
        var on = Simulate(SimulationSamples.Run(300, new SimulationParameters
        {
            Market = new Messages.Markets.MarketParameters { FundingFactor = 0.000001m },
            Features = new RiskFeatures(Funding: true),
        }));

        Assert.Empty((RiskFeatures.Fixed with { Funding = true }).Unavailable());
        Assert.Equal(0m, off.FundingPaid + off.FundingReceived);
        Assert.True(on.FundingPaid > 0 && on.FundingReceived > 0, $"paid {on.FundingPaid}, received {on.FundingReceived}");
        Assert.Empty(on.InvariantViolations);
        Assert.Equal(Messages.Markets.MarketParameters.RecommendedFundingFactor,
            new SimulationParameters { Features = new RiskFeatures(Funding: true) }.EffectiveMarket.FundingFactor);
    }
}
