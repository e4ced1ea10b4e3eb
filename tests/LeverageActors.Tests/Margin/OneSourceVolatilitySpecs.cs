using LeverageActors.Actors.Oracles;
using LeverageActors.Host.Markets;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using Microsoft.Extensions.Configuration;

namespace LeverageActors.Tests.Margin;

/// <summary>
/// One source against the dynamic margin: with the third source silent, a compromised one reporting
/// the honest 2,000 and 2,080 in turn is accepted both ways (each within 2% of the two reports'
/// median), so the price moves between 2,000 and 2,040. Sampled every second, that was a σ of about
/// 2% per √s and a maintenance of ~46% over the 60 s horizon: every position above ~2x liquidated.
/// Sampled over the horizon, a source can at most raise maintenance to z times the band it moves the
/// price in (3 × ln 1.02 ≈ 5.9%), whatever its rhythm.
/// </summary>
public class OneSourceVolatilitySpecs
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>z × the largest log move one source makes: ln(2,040 / 2,000) = 0.019803, × 3, rounded up.</summary>
    private const decimal MostOneSourceCanRequire = 0.059410m;

    private static OracleParameters Configured(params (string Key, string Value)[] settings) =>
        MarketConfiguration.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Prepend((Key: "Markets:ETH-USD:DynamicMargin:Z", Value: "3"))
                .Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)))
            .Build()).Oracle(Eth)!;

    private static OracleState Attacked(OracleState state, int flipEverySeconds, int seconds, DateTimeOffset from)
    {
        for (var t = 0; t < seconds; t++)
        {
            var at = from.AddSeconds(t);
            state = Report(state, "source-b", 2_000m, at);
            state = Report(state, "source-a", t / flipEverySeconds % 2 == 0 ? 2_000m : 2_080m, at);
        }

        return state;
    }

    private static OracleState Report(OracleState state, string source, decimal price, DateTimeOffset at) =>
        state.Handle(new ReportPrice(Eth, source, price, at, at)).Events.Aggregate(state, (s, e) => s.Apply(e));

    private static decimal Maintenance(OracleState state) => state.Margin.Last?.Maintenance ?? state.Parameters!.Margin!.MaintenanceBase;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(30)]
    [InlineData(60)]
    [InlineData(61)]
    [InlineData(90)]
    public void A_market_with_dynamic_margin_holds_one_source_to_z_times_the_band_whatever_its_rhythm(int flipEverySeconds)
    {
        var parameters = Configured();
        Assert.Equal(TimeSpan.FromSeconds(60), parameters.VolatilityInForce().SampleEvery);

        var state = Attacked(OracleState.Initial(Eth, parameters), flipEverySeconds, seconds: 1_800, T0);

        Assert.True(state.Sequence > 1_800, $"the attack's prices are accepted ({state.Sequence})");
        Assert.True(Maintenance(state) <= MostOneSourceCanRequire, $"maintenance {Maintenance(state)} after flipping every {flipEverySeconds} s");
    }

    [Fact]
    public void Flipping_with_the_horizon_raises_maintenance_to_that_bound_and_no_further()
    {
        var state = Attacked(OracleState.Initial(Eth, Configured()), flipEverySeconds: 60, seconds: 1_800, T0);

        Assert.InRange(Maintenance(state), 0.05m, MostOneSourceCanRequire);
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
        var events = restarted.Handle(new ReportPrice(Eth, "source-b", 2_000m, at, at)).Events;
        Assert.Equal(new RiskModelsChanged(Eth, now.VolatilityInForce(), now.Margin, at), events[0]);
        var after = events.Aggregate(restarted, (s, e) => s.Apply(e));
        Assert.Equal(TimeSpan.FromSeconds(60), after.Parameters!.VolatilityInForce().SampleEvery);
        Assert.Equal(0.2m, after.Parameters.Margin!.MaintenanceCeiling);
        Assert.DoesNotContain(after.Handle(new ReportPrice(Eth, "source-a", 2_000m, at.AddSeconds(1), at.AddSeconds(1))).Events,
            e => e is RiskModelsChanged);

        // A fold of the journal without any configuration reaches the same parameters.
        var replayed = events.Aggregate(before with { Configured = null }, (s, e) => s.Apply(e));
        Assert.Equal(after.Parameters, replayed.Parameters);

        // The inflated estimate is not carried on: the new one's first record brings maintenance down to the bound.
        Assert.Equal(Maintenance(before), Maintenance(after));
        var attackedOn = Attacked(after, 1, 600, at.AddSeconds(1));
        Assert.True(Maintenance(attackedOn) <= MostOneSourceCanRequire, $"maintenance {Maintenance(attackedOn)} ten minutes on");
    }
}
