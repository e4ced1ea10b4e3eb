namespace LeverageActors.Actors.Integrity;

/// <summary>What the chains, and the digest when one was given, say about a journal as read.</summary>
public sealed record JournalIntegrity(long Events, long Unchained, IReadOnlyList<ChainBreak> Breaks, DigestCheck? Digest)
{
    public static JournalIntegrity Of(JournalChains chains, JournalDigest? digest, string? requiredKey, bool acceptUnchained = false) =>
        new(chains.Rows, chains.Unchained, chains.Breaks,
            digest is null ? null : DigestCheck.Verify(digest, chains, requiredKey))
        {
            Unproven = acceptUnchained ? 0 : chains.UnchainedAfterCutoff,
        };

    /// <summary>
    /// Rows without a link that nothing proves: a journal begun before chains has them, and so does one
    /// whose links were stripped (all of them, or a stream's oldest rows), which no link left can tell
    /// apart. They count against the journal unless a digest read with it covers them or the auditor
    /// accepts them (<c>--accept-unchained</c>, for a journal begun before chains).
    /// </summary>
    public long Unproven { get; init; }

    /// <summary>Every break, the chains' first (in the order the journal was read), then the digest's.</summary>
    public IEnumerable<ChainBreak> AllBreaks => Breaks.Concat(Digest?.Breaks ?? []);

    public bool Intact => !AllBreaks.Any() && Unproven == 0;
}
