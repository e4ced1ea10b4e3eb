namespace LeverageActors.Messages.Serialization;

/// <summary>
/// An event already serialized by the entity that persists it, so that the bytes the journal
/// stores are exactly the bytes the entity hashed into its chain (and are serialized once).
/// The journal row holds the event's own manifest and bytes: readers never see this wrapper.
/// </summary>
public sealed record SealedEvent(object Event, string Manifest, byte[] Bytes);
