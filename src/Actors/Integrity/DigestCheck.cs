namespace LeverageActors.Actors.Integrity;

/// <summary>
/// Whether a journal still holds exactly the history a digest committed to: every stream the
/// digest lists reaches its committed sequence number with the committed link (a missing stream,
/// a shorter one or another link is a break); what came after is listed, not blamed. A digest
/// line without heads is checked by rebuilding the root from the journal as of its ordering.
/// </summary>
public sealed record DigestCheck(IReadOnlyList<ChainBreak> Breaks, IReadOnlyList<AppendedHistory> Appended, bool Signed)
{
    /// <summary>How to read a journal for this digest: the cutoff and the streams to watch.</summary>
    public static JournalChains ChainsFor(JournalDigest digest)
    {
        var chains = new JournalChains(digest.HighestOrdering);
        chains.Watch(digest.StreamHeads);
        return chains;
    }

    /// <param name="requiredKey">The operator's public key: the digest must be signed by it.</param>
    public static DigestCheck Verify(JournalDigest digest, JournalChains chains, string? requiredKey = null)
    {
        var breaks = new List<ChainBreak>();
        var signed = digest.Signature is not null && DigestSigner.Verify(digest);
        if (digest.Signature is not null && !signed)
            breaks.Add(new ChainBreak("digest", 0, $"a valid Ed25519 signature by {digest.PublicKey}", "a signature that does not match the digest"));
        if (requiredKey is not null && !(signed && string.Equals(digest.PublicKey, requiredKey, StringComparison.OrdinalIgnoreCase)))
            breaks.Add(new ChainBreak("digest", 0, $"signed by {requiredKey}", signed ? $"signed by {digest.PublicKey}" : "not signed"));

        var appended = new List<AppendedHistory>();
        if (digest.Heads is { } heads)
        {
            var listed = MerkleRoot.Of(digest.StreamHeads);
            if (listed != digest.Root || heads.Count != digest.Streams)
                breaks.Add(new ChainBreak("digest", 0, $"heads with root {digest.Root}", $"heads with root {listed} (the digest file was edited)"));
            var committed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var head in heads)
            {
                committed.Add(head.Entity);
                var (ends, hash) = chains.AtCommitted(head.Entity);
                var expected = $"#{head.Sequence} with link {head.Hash}";
                if (ends == 0)
                    breaks.Add(new ChainBreak(head.Entity, head.Sequence, expected, "no such stream (deleted)"));
                else if (hash is null)
                    breaks.Add(new ChainBreak(head.Entity, head.Sequence, expected, $"the stream ends at #{ends} (truncated)"));
                else if (ChainHash.Hex(hash) != head.Hash)
                    breaks.Add(new ChainBreak(head.Entity, head.Sequence, expected, $"link {ChainHash.Hex(hash)} (the history up to it was rewritten)"));
                else if (ends > head.Sequence)
                    appended.Add(new AppendedHistory(head.Entity, head.Sequence + 1, ends));
            }

            appended.AddRange(chains.Streams().Where(s => !committed.Contains(s.Entity)).Select(s => new AppendedHistory(s.Entity, 1, s.Sequence)));
        }
        else
        {
            var atCutoff = chains.HeadsAtCutoff();
            var root = MerkleRoot.Of(atCutoff);
            if (root != digest.Root)
                breaks.Add(new ChainBreak("journal", digest.HighestOrdering,
                    $"root {digest.Root} over {digest.Streams} streams up to ordering {digest.HighestOrdering}",
                    $"root {root} over {atCutoff.Count} streams (give the digest file to name the stream)"));
            var then = atCutoff.ToDictionary(h => h.Entity, h => h.Sequence, StringComparer.Ordinal);
            var after = chains.Streams().Select(s => (s.Entity, s.Sequence, Then: then.GetValueOrDefault(s.Entity)));
            appended.AddRange(after.Where(s => s.Sequence > s.Then).Select(s => new AppendedHistory(s.Entity, s.Then + 1, s.Sequence)));
        }

        return new DigestCheck(breaks, appended, signed);
    }
}

/// <summary>Events a stream gained after the digest: from and to sequence numbers.</summary>
public sealed record AppendedHistory(string Entity, long From, long To);
