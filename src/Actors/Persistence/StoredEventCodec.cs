using System.Data.Common;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Serialization;
using Akka.Util;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// Events to journal rows and back, in the layout Akka.Persistence.Sql writes with Csv tags: the
/// payload's own serializer (identifier and string manifest), the tags as <c>;a;b;</c>, the
/// creation time in ticks, and the writing incarnation's id (this journal's, for an event that has none). The plugin's read journal and the audit
/// read these rows as they read the plugin's own.
/// </summary>
internal sealed class StoredEventCodec(ExtendedActorSystem system, string separator)
{
    private readonly Akka.Serialization.Serialization _serialization = system.Serialization;

    public string WriterUuid { get; } = Guid.NewGuid().ToString();

    public StoredEvent Encode(IPersistentRepresentation representation, long now)
    {
        var (payload, tags) = representation.Payload is Tagged tagged
            ? (tagged.Payload, tagged.Tags.Count == 0 ? "" : separator + string.Join(separator, tagged.Tags) + separator)
            : (representation.Payload, "");
        var serializer = _serialization.FindSerializerFor(payload);
        var manifest = serializer switch
        {
            SerializerWithStringManifest named => named.Manifest(payload),
            { IncludeManifest: true } => payload.GetType().TypeQualifiedName(),
            _ => "",
        };
        var message = Akka.Serialization.Serialization.WithTransport(system, () => serializer.ToBinary(payload));
        var created = representation.Timestamp == 0 ? now : representation.Timestamp;
        // The writing incarnation's id, as the plugin writes it: the journal's writer tells an
        // incarnation whose write failed from the next one (GroupCommit).
        var writer = string.IsNullOrEmpty(representation.WriterGuid) ? WriterUuid : representation.WriterGuid;
        return new StoredEvent(representation.PersistenceId, representation.SequenceNr, message, tags, manifest, serializer.Identifier, created, writer);
    }

    public IPersistentRepresentation Decode(StoredEvent row, bool deleted)
    {
        var evt = _serialization.Deserialize(row.Message, row.Identifier, row.Manifest);
        // The row's link goes with the event, for the recovering entity to check (StreamChain.Recovered).
        Span<byte> link = stackalloc byte[Integrity.ChainHash.Size];
        var stored = Integrity.ChainHash.FromTags(row.Tags, link);
        if (stored != Integrity.StoredLink.None)
            LeverageActors.Messages.Serialization.StoredForms.Read(evt, row.Manifest, row.Message,
                stored == Integrity.StoredLink.Present ? link.ToArray() : []);
        return new Persistent(evt, row.SequenceNr, row.PersistenceId, row.Manifest, deleted, ActorRefs.NoSender, row.WriterUuid, row.Created);
    }

    /// <summary>The columns <see cref="Decode(DbDataReader, string)"/> reads, in its order.</summary>
    public const string Columns = "sequence_number, message, tags, manifest, identifier, created, writer_uuid, deleted";

    /// <summary>The event of the reader's current row, selected as <see cref="Columns"/>, whichever engine read it.</summary>
    public IPersistentRepresentation Decode(DbDataReader reader, string persistenceId)
    {
        var row = new StoredEvent(
            persistenceId,
            reader.GetInt64(0),
            reader.GetFieldValue<byte[]>(1),
            reader.IsDBNull(2) ? "" : reader.GetString(2),
            reader.IsDBNull(3) ? "" : reader.GetString(3),
            reader.IsDBNull(4) ? 0 : reader.GetInt32(4),
            reader.GetInt64(5),
            reader.IsDBNull(6) ? "" : reader.GetString(6));
        return Decode(row, deleted: reader.GetBoolean(7));
    }
}
