namespace LeverageActors.Messages.Journal;

/// <summary>
/// A digest of the whole journal, kept in the digest stream: the Merkle root over every stream's
/// latest (sequence number, chain hash) up to <see cref="HighestOrdering"/>, and its signature when
/// the node has a signing key. The heads themselves go to the digest file, not the journal.
/// </summary>
public sealed record JournalDigestTaken(
    long HighestOrdering,
    int Streams,
    string Root,
    DateTimeOffset At,
    string? Signature) : ILeverageEvent;

/// <summary>Asks the digest keeper for a digest now; answered with the <see cref="JournalDigestTaken"/> it persisted.</summary>
public sealed record TakeJournalDigest : ILeverageMessage;
