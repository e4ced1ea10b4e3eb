using System.Text;
using Akka.Actor;
using Akka.Configuration;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Tests.Predictive;

/// <summary>
/// The warning's events and the scale carried on prices and checks survive the bound serializer
/// (the reflection round trip sets constructor members only, not the optional ones), and a message
/// without them is written exactly as before.
/// </summary>
public sealed class PredictiveSerializationSpecs : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly RiskScale Scale = new(0.0013502352657872381261329136m, TimeSpan.FromSeconds(60));

    private readonly ActorSystem _system = ActorSystem.Create("predictive-serialization",
        ConfigurationFactory.ParseString("akka.actor.provider = local").WithFallback(HoconFiles.Load(HoconFiles.Base)));

    private object RoundTrip(object original)
    {
        var serializer = _system.Serialization.FindSerializerFor(original);
        Assert.IsType<LeverageSerializer>(serializer);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, original);
        return _system.Serialization.Deserialize(serializer.ToBinary(original), serializer.Identifier, manifest);
    }

    public static TheoryData<string> Carriers() => ["at-risk", "cleared", "early", "early-penalty", "settle-penalty", "price", "check", "view", "view-early"];

    private static object Sample(string name) => name switch
    {
        "at-risk" => new PositionAtRisk(PositionId.From("p"), Eth, 0m, 2m, 2_015m, 1.0001m, 2_015.2398m, 0.031377m, Scale.Sigma, Scale.Horizon, 6, T0),
        "cleared" => new PositionRiskCleared(PositionId.From("p"), Eth, 2.067898m, 2_100m, 9, T0),
        "early" => new EarlyDeleverageStarted(PositionId.From("p"), Eth, 2, 0.512345m, 0.5m, 1m, 2m, 2_015m, 6, 1.0001m, 0.031377m, Scale.Sigma,
            Scale.Horizon, T0),
        "early-penalty" => (EarlyDeleverageStarted)Sample("early") with { PenaltyRate = 0.00125m },
        "settle-penalty" => new Messages.Pools.SettlePosition(Eth, PositionId.From("p"), 2, 0.512345m, 500m, 2_015m, false, T0) { Keeps = true, PenaltyRate = 0.00125m },
        "view-early" => (PositionView)Sample("view") with
        {
            EarlyDeleverages = 2, LastEarlyDeleverage = new EarlyDeleverageShown(3, 0.512345m, 0.5m, 2_015m, 0.00125m, T0),
        },
        "price" => new PriceUpdated(Eth, 2_015m, T0, 6) { Margin = new MarginInForce(0.031377m, 0.062754m, 0.01m), Scale = Scale },
        "check" => new CheckMargin(PositionId.From("p"), 2_015m, 1.0001m, 6, T0) { Margin = new MarginInForce(0.031377m, 0.062754m, 0.01m), Scale = Scale },
        _ => new PositionView(PositionId.From("p"), AccountId.From("t"), Eth, PositionSide.Long, PositionStatus.Open, 20m, 2_000m, 980m, 39_000m,
            40m, 1m, 0m, 2_015m, 0m, 300m, 1_270m, 0.0315m, 1_971.7m, null, 0, AtRisk: true, RiskSigmas: 0m),
    };

    [Theory]
    [MemberData(nameof(Carriers))]
    public void They_round_trip(string name)
    {
        var original = Sample(name);
        Assert.Equal(original, RoundTrip(original));
    }

    [Fact]
    public void A_market_s_predictive_settings_round_trip_with_its_dynamic_margin()
    {
        var predictive = new PredictiveLiquidation { AtRiskSigmas = 2.5m, DeleverageSigmas = 1.2m, EarlyDeleverage = true, PenaltyShare = 0.2m };
        var opened = new OracleOpened(Eth, OracleParameters.Default with { Margin = new DynamicMargin { Predictive = predictive } }, T0);

        Assert.Equal(predictive, ((OracleOpened)RoundTrip(opened)).Parameters.Margin!.Predictive);
    }

    [Fact]
    public void The_events_have_their_own_manifests()
    {
        Assert.Equal("XAR", MessageManifests.ByType[typeof(PositionAtRisk)]);
        Assert.Equal("XARC", MessageManifests.ByType[typeof(PositionRiskCleared)]);
        Assert.Equal("XED", MessageManifests.ByType[typeof(EarlyDeleverageStarted)]);
    }

    [Fact]
    public void Without_them_nothing_new_is_written()
    {
        var serializer = _system.Serialization.FindSerializerFor(new PriceUpdated(Eth, 1m, T0, 1));
        string Json(object o) => Encoding.UTF8.GetString(serializer.ToBinary(o));

        Assert.DoesNotContain("scale", Json(new PriceUpdated(Eth, 1m, T0, 1) { Margin = new MarginInForce(0.01m, 0.02m, 0.01m) }));
        Assert.DoesNotContain("scale", Json(new CheckMargin(PositionId.From("p"), 1m, 1m, 1, T0)));
        Assert.DoesNotContain("redictive", Json(new OracleOpened(Eth, OracleParameters.Default with { Margin = new DynamicMargin() }, T0)));
        var view = Json(new PositionView(PositionId.From("p"), AccountId.From("t"), Eth, PositionSide.Long, PositionStatus.Open, 1m, 1m, 1m, 1m,
            1m, 1m, 0m, null, null, null, null, null, null, null, 0));
        Assert.DoesNotContain("atRisk", view);
        Assert.DoesNotContain("riskSigmas", view);
    }

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));
}
