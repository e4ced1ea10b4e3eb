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

    public override string Manifest(object o) => o is SealedEvent sealedEvent ? sealedEvent.Manifest : ManifestOf(o);

    public override byte[] ToBinary(object obj) => obj is SealedEvent sealedEvent ? sealedEvent.Bytes : Encode(obj).Bytes;

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var decoded = Decode(bytes, manifest);
        if (decoded is ILeverageEvent)
            StoredForms.Remember(decoded, manifest, bytes);
        return decoded;
    }

    /// <summary>A message's manifest and bytes, as the journal stores them.</summary>
    public static (string Manifest, byte[] Bytes) Encode(object message) =>
        (ManifestOf(message), JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), LeverageJson.Options));

    private static string ManifestOf(object o) =>
        MessageManifests.ByType.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException(
                $"{o.GetType().FullName} has no manifest: add it to {nameof(MessageManifests)}");

    /// <summary>Reads a stored message without an actor system (the audit reads journal rows this way).</summary>
    public static object Decode(byte[] bytes, string manifest) =>
        MessageManifests.ByManifest.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, LeverageJson.Options)
              ?? throw new SerializationException($"Manifest '{manifest}' decoded to null")
            : throw new SerializationException($"Unknown manifest '{manifest}'");
}
