namespace LeverageActors.Actors.Integrity;

/// <summary>
/// A place where the journal is not the history that was written: the entity, the event's
/// sequence number, what the chain (or the digest) committed to, and what the journal holds now.
/// </summary>
public sealed record ChainBreak(string Entity, long Sequence, string Expected, string Found);
