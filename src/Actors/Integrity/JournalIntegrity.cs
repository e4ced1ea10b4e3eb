namespace LeverageActors.Actors.Integrity;

/// <summary>What the chains, and the digest when one was given, say about a journal as read.</summary>
public sealed record JournalIntegrity(long Events, long Unchained, IReadOnlyList<ChainBreak> Breaks, DigestCheck? Digest)
{
    public static JournalIntegrity Of(JournalChains chains, JournalDigest? digest, string? requiredKey) =>
        new(chains.Rows, chains.Unchained, chains.Breaks,
            digest is null ? null : DigestCheck.Verify(digest, chains, requiredKey));

    /// <summary>Every break, the chains' first (in the order the journal was read), then the digest's.</summary>
    public IEnumerable<ChainBreak> AllBreaks => Breaks.Concat(Digest?.Breaks ?? []);

    public bool Intact => !AllBreaks.Any();
}
