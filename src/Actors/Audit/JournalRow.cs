namespace LeverageActors.Actors.Audit;

/// <summary>One row of the journal table as stored: what the audit reads, before any interpretation.</summary>
public sealed record JournalRow(
    long Ordering,
    string PersistenceId,
    long SequenceNr,
    string? Manifest,
    int? SerializerId,
    bool Deleted,
    byte[] Payload,
    string? Tags = null);
