namespace LeverageActors.Actors.Persistence;

/// <summary>One event as a row of the plugin's journal table, as this node writes and replays it directly (and follows it, on SQLite).</summary>
public sealed record StoredEvent(
    string PersistenceId, long SequenceNr, byte[] Message, string Tags, string Manifest, int Identifier, long Created, string WriterUuid);
