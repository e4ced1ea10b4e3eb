using System.Text;
using Akka.Actor;
using Akka.Configuration;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Tests.Deleveraging;

/// <summary>
/// The LPs' loss trigger survives the bound serializer on the reduction and the deleverager's command,
/// and a PnL-factor reduction, or parameters without the new limit, are written exactly as before.
/// </summary>
public sealed class LpLossSerializationSpecs : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly LpLossTrigger Loss = new(T0, 12.5m, 302.1m, 0m, 0.02m);

    private readonly ActorSystem _system = ActorSystem.Create("lp-loss-serialization",
        ConfigurationFactory.ParseString("akka.actor.provider = local").WithFallback(HoconFiles.Load(HoconFiles.Base)));

    private static AutoDeleverageStarted Started(LpLossTrigger? loss) =>
        new(PositionId.From("p"), Eth, 7, 1, 1, 0.2m, 2_500m, 6, 500m, 398m, 2_500m, 7.9m, 527m, 10_005m, 0.85m, T0, loss);

    private byte[] Bytes(object o) => _system.Serialization.FindSerializerFor(o).ToBinary(o);

    private object RoundTrip(object original)
    {
        var serializer = _system.Serialization.FindSerializerFor(original);
        Assert.IsType<LeverageSerializer>(serializer);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, original);
        return _system.Serialization.Deserialize(serializer.ToBinary(original), serializer.Identifier, manifest);
    }

    [Fact]
    public void The_trigger_round_trips_on_the_reduction_and_the_command()
    {
        Assert.Equal(Started(Loss), RoundTrip(Started(Loss)));
        var command = new AutoDeleverage(PositionId.From("p"), Eth, 7, 1, 0.2m, 2_500m, 6, T0, 1m, 398m, 527m, 10_005m, T0, Loss with { MaxLpLossPerDay = 0 });
        Assert.Equal(command, RoundTrip(command));
        var parameters = new MarketParameters { MaxLpLossPerDay = 0.05m };
        Assert.Equal(parameters, System.Text.Json.JsonSerializer.Deserialize<MarketParameters>(
            System.Text.Json.JsonSerializer.Serialize(parameters, LeverageJson.Options), LeverageJson.Options));
    }

    [Fact]
    public void Without_the_trigger_nothing_new_is_written()
    {
        Assert.DoesNotContain("lpLoss", Encoding.UTF8.GetString(Bytes(Started(null))), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("lpLoss", Encoding.UTF8.GetString(Bytes(Started(Loss))), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("lpLoss", System.Text.Json.JsonSerializer.Serialize(new MarketParameters(), LeverageJson.Options), StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));
}
