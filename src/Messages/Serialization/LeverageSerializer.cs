using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;

namespace LeverageActors.Messages.Serialization;

/// <summary>
/// Serializes every <see cref="ILeverageMessage"/> as UTF-8 JSON under a short frozen manifest.
/// JSON keeps the journal readable by an auditor with any SQL tool, and decimals exact.
/// </summary>
public sealed class LeverageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 7301;

    public override int Identifier => Id;

    public override string Manifest(object o) =>
        MessageManifests.ByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException(
                $"{o.GetType().FullName} has no manifest: add it to {nameof(MessageManifests)}");

    public override byte[] ToBinary(object obj)
    {
        _ = Manifest(obj);
        return JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), LeverageJson.Options);
    }

    public override object FromBinary(byte[] bytes, string manifest) => Decode(bytes, manifest);

    /// <summary>Reads a stored message without an actor system (the audit reads journal rows this way).</summary>
    public static object Decode(byte[] bytes, string manifest) =>
        MessageManifests.ByManifest.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, LeverageJson.Options)
              ?? throw new SerializationException($"Manifest '{manifest}' decoded to null")
            : throw new SerializationException($"Unknown manifest '{manifest}'");
}
