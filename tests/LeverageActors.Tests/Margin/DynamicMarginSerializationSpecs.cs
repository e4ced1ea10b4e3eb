using System.Text;
using Akka.Actor;
using Akka.Configuration;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Tests.Margin;

/// <summary>
/// The new event and the requirement carried on messages survive the bound serializer (the
/// reflection round trip sets constructor members only, not these optional ones), and a record
/// without them is written exactly as before.
/// </summary>
public sealed class DynamicMarginSerializationSpecs : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly MarginInForce Margin = new(0.036142m, 0.072284m, 0.01m);

    private readonly ActorSystem _system = ActorSystem.Create("margin-serialization",
        ConfigurationFactory.ParseString("akka.actor.provider = local").WithFallback(HoconFiles.Load(HoconFiles.Base)));

    private object RoundTrip(object original)
    {
        var serializer = _system.Serialization.FindSerializerFor(original);
        Assert.IsType<LeverageSerializer>(serializer);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, original);
        return _system.Serialization.Deserialize(serializer.ToBinary(original), serializer.Identifier, manifest);
    }

    public static TheoryData<string> Carriers() => ["change", "price", "check", "liquidate", "open", "answer"];

    private static object Sample(string name) => name switch
    {
        "change" => new MarginRequirementChanged(Eth, 0.036142m, 0.072284m, 0.01m, 0.02m, 0.00155m, TimeSpan.FromSeconds(60), T0.AddSeconds(60), 6, T0),
        "price" => new PriceUpdated(Eth, 2_015m, T0, 6) { Margin = Margin },
        "check" => new CheckMargin(PositionId.From("p"), 2_015m, 1.0001m, 6, T0) { Margin = Margin },
        "liquidate" => new Liquidate(PositionId.From("p"), 1, AccountId.From("l"), 2_015m, 6, T0, 1.0001m, T0) { Margin = Margin },
        "open" => new OpenPosition(PositionId.From("p"), AccountId.From("t"), RequestId.From("r"), Eth, PositionSide.Long, 100m, 10m, 2_015m, T0)
            { InitialMarginRate = 0.072284m },
        _ => new OracleOpened(Eth, OracleParameters.Default with { Margin = new DynamicMargin { Z = 2.5m, Grace = TimeSpan.FromSeconds(30) } }, T0),
    };

    [Theory]
    [MemberData(nameof(Carriers))]
    public void The_requirement_round_trips(string name)
    {
        var original = Sample(name);
        var copy = RoundTrip(original);

        Assert.Equal(original.GetType(), copy.GetType());
        if (original is OracleOpened opened)
            Assert.Equal(opened.Parameters.Margin, ((OracleOpened)copy).Parameters.Margin);
        else
            Assert.Equal(original, copy);
    }

    [Fact]
    public void The_event_has_its_own_manifest()
    {
        Assert.Equal("OM", MessageManifests.ByType[typeof(MarginRequirementChanged)]);
    }

    [Fact]
    public void Without_a_requirement_nothing_new_is_written()
    {
        var serializer = _system.Serialization.FindSerializerFor(new PriceUpdated(Eth, 1m, T0, 1));
        string Json(object o) => Encoding.UTF8.GetString(serializer.ToBinary(o));

        Assert.DoesNotContain("argin", Json(new PriceUpdated(Eth, 1m, T0, 1)));
        Assert.DoesNotContain("argin", Json(new CheckMargin(PositionId.From("p"), 1m, 1m, 1, T0)).Replace("CheckMargin", ""));
        Assert.DoesNotContain("argin", Json(new OracleOpened(Eth, OracleParameters.Default, T0)));
        Assert.DoesNotContain("argin", Json(new OpenPosition(PositionId.From("p"), AccountId.From("t"), RequestId.From("r"), Eth,
            PositionSide.Long, 100m, 10m, 1m, T0)));
    }

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));
}
