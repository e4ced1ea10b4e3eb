using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Tests.Serialization;

/// <summary>
/// Every message type round-trips through the serializer the node binds, so a new message
/// without a manifest, or with a member that does not survive JSON, fails here.
/// </summary>
public sealed class SerializerSpecs : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("serialization",
        ConfigurationFactory.ParseString("akka.actor.provider = local")
            .WithFallback(HoconFiles.Load(HoconFiles.Base)));

    public static TheoryData<string> MessageTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in AllMessageTypes())
            data.Add(type.FullName!);
        return data;
    }

    private static IEnumerable<Type> AllMessageTypes() =>
        typeof(ILeverageMessage).Assembly.GetTypes()
            .Where(t => typeof(ILeverageMessage).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .OrderBy(t => t.FullName);

    [Theory]
    [MemberData(nameof(MessageTypes))]
    public void Every_message_round_trips_through_the_bound_serializer(string typeName)
    {
        var type = typeof(ILeverageMessage).Assembly.GetType(typeName)!;
        var original = MessageSamples.Create(type);

        var serializer = _system.Serialization.FindSerializerFor(original);
        Assert.IsType<LeverageSerializer>(serializer);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, original);
        var bytes = serializer.ToBinary(original);
        var copy = _system.Serialization.Deserialize(bytes, serializer.Identifier, manifest);

        Assert.Equal(type, copy.GetType());
        Assert.Equal(JsonSerializer.Serialize(original, type, LeverageJson.Options),
            JsonSerializer.Serialize(copy, type, LeverageJson.Options));
        // Records compare collections by reference; for those the JSON comparison above is the proof.
        if (!HasCollectionMember(type))
            Assert.Equal(original, copy);
    }

    private static bool HasCollectionMember(Type type) => HasCollectionMember(type, 0);

    private static bool HasCollectionMember(Type type, int depth) =>
        depth < 5 && type.GetProperties().Any(p =>
            (p.PropertyType != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(p.PropertyType))
            || (p.PropertyType.Assembly == typeof(ILeverageMessage).Assembly && HasCollectionMember(p.PropertyType, depth + 1)));

    [Fact]
    public void Manifests_are_unique_short_and_never_a_retired_one()
    {
        var manifests = MessageManifests.ByType.Values.ToList();

        Assert.Equal(manifests.Count, manifests.Distinct().Count());
        Assert.All(manifests, m => Assert.InRange(m.Length, 1, 4));
        Assert.Empty(manifests.Intersect(MessageManifests.Retired));
        Assert.Equal(AllMessageTypes().Count(), MessageManifests.ByType.Count);
    }

    [Fact]
    public void An_unknown_manifest_is_an_error_not_a_guess()
    {
        var serializer = (SerializerWithStringManifest)_system.Serialization.FindSerializerForType(typeof(ILeverageMessage));

        Assert.ThrowsAny<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary("{}"u8.ToArray(), "??"));
    }

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));
}
