using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Oracles;
using LeverageActors.Host.Markets;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using Microsoft.Extensions.Configuration;

namespace LeverageActors.Tests.Margin;

/// <summary>
/// One source against the dynamic margin. With the third source silent, the price is the mean of
/// the honest report and the compromised one, each within 2% of it, so the compromised source puts
/// the price anywhere from 2,000 / 1.02 to 2,000 / 0.98. Reporting 2,000 and 2,080 in turn (the price
/// 2,000, 2,040, …) sampled every second, that was a maintenance of ~45% over the 60 s horizon:
/// every position above ~2x liquidated. Sampled over the horizon, a source can at most raise
/// maintenance to z times the log width of the band it moves the price in, whatever its rhythm:
/// 3 × ln(2,040 / 2,000) ≈ 5.9% one way, 3 × ln(2,040.5 / 1,961) ≈ 11.9% both ways.
/// </summary>
public class OneSourceVolatilitySpecs
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The compromised source's two reports beside the honest 2,000: above it only, or on both sides.</summary>
    public enum Shape
    {
        Above,
        BothSides,
    }

    private static (decimal Low, decimal High) Reports(Shape shape) => shape == Shape.Above ? (2_000m, 2_080m) : (1_922m, 2_081m);

    /// <summary>z × the log width of the prices one source makes (the mean of its report and 2,000), rounded up as requirements are.</summary>
    private static decimal MostOneSourceCanRequire(Shape shape)
    {
        var (low, high) = Reports(shape);
        var width = DecimalMath.Ln((high + 2_000m) / 2) - DecimalMath.Ln((low + 2_000m) / 2);
        return Math.Round(3m * width, 6, MidpointRounding.ToPositiveInfinity);
    }

    private static OracleParameters Configured(params (string Key, string Value)[] settings) =>
        MarketConfiguration.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Prepend((Key: "Markets:ETH-USD:DynamicMargin:Z", Value: "3"))
                .Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)))
            .Build()).Oracle(Eth)!;

    private static OracleState Attacked(OracleState state, int flipEverySeconds, int seconds, DateTimeOffset from, Shape shape = Shape.Above)
    {
        var (low, high) = Reports(shape);
        for (var t = 0; t < seconds; t++)
        {
            var at = from.AddSeconds(t);
            state = Report(state, "source-b", 2_000m, at);
            state = Report(state, "source-a", t / flipEverySeconds % 2 == 0 ? low : high, at);
        }

        return state;
    }

    private static OracleState Report(OracleState state, string source, decimal price, DateTimeOffset at) =>
        state.Handle(new ReportPrice(Eth, source, price, at, at)).Events.Aggregate(state, (s, e) => s.Apply(e));

    private static decimal Maintenance(OracleState state) => state.Margin.Last?.Maintenance ?? state.Parameters!.Margin!.MaintenanceBase;

    [Theory]
    [InlineData(1, Shape.Above)]
    [InlineData(2, Shape.Above)]
    [InlineData(30, Shape.Above)]
    [InlineData(60, Shape.Above)]
    [InlineData(61, Shape.Above)]
    [InlineData(90, Shape.Above)]
    [InlineData(1, Shape.BothSides)]
    [InlineData(60, Shape.BothSides)]
    [InlineData(61, Shape.BothSides)]
    public void A_market_with_dynamic_margin_holds_one_source_to_z_times_its_band_whatever_its_rhythm(int flipEverySeconds, Shape shape)
    {
        var parameters = Configured();
        Assert.Equal(TimeSpan.FromSeconds(60), parameters.VolatilityInForce().SampleEvery);

        var state = Attacked(OracleState.Initial(Eth, parameters), flipEverySeconds, seconds: 1_800, T0, shape);

        Assert.True(state.Sequence > 1_800, $"the attack's prices are accepted ({state.Sequence})");
        Assert.True(Maintenance(state) <= MostOneSourceCanRequire(shape),
            $"maintenance {Maintenance(state)} after flipping {shape} every {flipEverySeconds} s, bound {MostOneSourceCanRequire(shape)}");
    }

    [Theory]
    [InlineData(Shape.Above, 0.05)]
    [InlineData(Shape.BothSides, 0.10)]
    public void Flipping_with_the_horizon_comes_near_that_bound(Shape shape, double near)
    {
        var state = Attacked(OracleState.Initial(Eth, Configured()), flipEverySeconds: 60, seconds: 1_800, T0, shape);

        Assert.InRange(Maintenance(state), (decimal)near, MostOneSourceCanRequire(shape));
    }

    [Fact]
    public void Sampled_every_second_the_same_source_would_require_nearly_half_and_a_ceiling_holds_it()
    {
        var everySecond = Configured(("Markets:ETH-USD:Volatility:SampleEvery", "1"));
        Assert.True(Maintenance(Attacked(OracleState.Initial(Eth, everySecond), 1, 600, T0)) > 0.40m);

        var capped = Configured(("Markets:ETH-USD:Volatility:SampleEvery", "1"), ("Markets:ETH-USD:DynamicMargin:MaintenanceCeiling", "0.05"));
        var state = Attacked(OracleState.Initial(Eth, capped), 1, 600, T0);

        Assert.Equal(0.05m, Maintenance(state));
        Assert.Equal(0.1m, state.Margin.Last!.Initial);
    }

    [Fact]
    public void An_oracle_opened_under_the_old_sampling_takes_the_configured_models_once_and_a_replay_reads_them_from_its_journal()
    {
        // As a node before this rule opened it: no volatility model recorded, so returns a second apart.
        var before = Attacked(OracleState.Initial(Eth, Configured() with { Volatility = null }), 1, 120, T0);
        Assert.True(Maintenance(before) > 0.30m, $"the old sampling inflated maintenance: {Maintenance(before)}");

        // The node restarts with today's configuration: the journal's state, configured anew.
        var now = Configured(("Markets:ETH-USD:DynamicMargin:MaintenanceCeiling", "0.2"));
        var restarted = before with { Configured = now };
        var at = T0.AddSeconds(120);
        var events = restarted.Handle(new ReportPrice(Eth, "source-b", 2_000m, at, at)).Events.ToList();
        Assert.Equal(new RiskModelsChanged(Eth, now.VolatilityInForce(), now.Margin!, at), events[0]);
        // The ceiling applies with the price this report makes: the inflated requirement falls to it, under that price's number.
        var price = events.OfType<PriceAccepted>().Single();
        var fall = events.OfType<MarginRequirementChanged>().Single();
        Assert.Equal(events.IndexOf(price) + 1, events.IndexOf(fall));
        Assert.Equal((0.2m, 0.4m, Maintenance(before), at, price.Sequence), (fall.Maintenance, fall.Initial, fall.PreviousMaintenance, fall.GraceUntil, fall.PriceSequence));
        var after = events.Aggregate(restarted, (s, e) => s.Apply(e));
        Assert.Equal(new MarginInForce(0.2m, 0.4m, 0.2m), after.MarginWithPrice(at));
        Assert.Equal(TimeSpan.FromSeconds(60), after.Parameters!.VolatilityInForce().SampleEvery);
        Assert.Equal(new MarginInForce(0.2m, 0.4m, 0.2m), after.Margin.At(at));
        Assert.DoesNotContain(after.Handle(new ReportPrice(Eth, "source-a", 2_000m, at.AddSeconds(1), at.AddSeconds(1))).Events,
            e => e is RiskModelsChanged or MarginRequirementChanged);

        // A fold of the journal without any configuration reaches the same parameters, and the audit's rules take both rows.
        var replayed = events.Aggregate(before with { Configured = null }, (s, e) => s.Apply(e));
        Assert.Equal(after.Parameters, replayed.Parameters);
        Assert.Null(RiskModelsRule.Check((RiskModelsChanged)events[0], before));
        var beforeFall = events.TakeWhile(e => !ReferenceEquals(e, fall)).Aggregate(before, (s, e) => s.Apply(e));
        Assert.Null(MarginRule.Check(fall, beforeFall, price));
        // The same fall anywhere but right after its price is no oracle's: the price's number would have had two requirements.
        Assert.NotNull(MarginRule.Check(fall, beforeFall, events[0]));

        // The inflated estimate is not carried on: the new one's first record brings maintenance under the bound.
        var attackedOn = Attacked(after, 1, 600, at.AddSeconds(1));
        Assert.True(Maintenance(attackedOn) <= MostOneSourceCanRequire(Shape.Above), $"maintenance {Maintenance(attackedOn)} ten minutes on");
    }

    [Fact]
    public void A_configuration_without_dynamic_margin_leaves_a_market_that_has_one_as_it_is()
    {
        var opened = Report(OracleState.Initial(Eth, Configured()), "source-b", 2_000m, T0);
        var withoutMargin = MarketConfiguration.Read(new ConfigurationBuilder()
            .AddInMemoryCollection([new KeyValuePair<string, string?>("Markets:ETH-USD:Volatility:Model", "ewma")]).Build()).Oracle(Eth);

        var events = (opened with { Configured = withoutMargin }).Handle(new ReportPrice(Eth, "source-a", 2_000m, T0.AddSeconds(1), T0.AddSeconds(1))).Events;

        Assert.DoesNotContain(events, e => e is RiskModelsChanged);
    }

    [Fact]
    public void The_audit_names_a_change_no_node_would_write()
    {
        var opened = Report(OracleState.Initial(Eth, Configured()), "source-b", 2_000m, T0);
        var recorded = opened.Parameters!;

        Assert.Equal(RiskModelsRule.Rule, RiskModelsRule.Check(new RiskModelsChanged(Eth, recorded.VolatilityInForce(), recorded.Margin! with { Z = 50m }, T0), opened)?.Rule);
        Assert.Equal(RiskModelsRule.Rule, RiskModelsRule.Check(new RiskModelsChanged(Eth, recorded.VolatilityInForce(), recorded.Margin! with { MaintenanceCeiling = 0.005m }, T0), opened)?.Rule);
        Assert.Equal(RiskModelsRule.Rule, RiskModelsRule.Check(new RiskModelsChanged(Eth, recorded.VolatilityInForce(), recorded.Margin!, T0), opened)?.Rule);
        Assert.Equal(RiskModelsRule.Rule, RiskModelsRule.Check(new RiskModelsChanged(Eth, recorded.VolatilityInForce(), recorded.Margin! with { Z = 2m }, T0), null)?.Rule);
        Assert.Null(RiskModelsRule.Check(new RiskModelsChanged(Eth, recorded.VolatilityInForce(), recorded.Margin! with { Z = 2m }, T0), opened));
    }
}
