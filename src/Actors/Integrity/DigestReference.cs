using LeverageActors.Messages.Journal;

namespace LeverageActors.Actors.Integrity;

/// <summary>
/// The digest a node's first look after a start checks the journal against: the newer of the
/// keeper's own last digest (a row of the journal it checks) and the digest file it wrote (outside
/// the journal). A forger who rewrote history and cut the keeper's stream back to before the change
/// still meets the file; one who also rolls the file back needs a digest kept elsewhere to be caught.
/// </summary>
public sealed record DigestReference(long Ordering, string Root, string Name)
{
    /// <summary>The reference, and what is wrong with the digests themselves when something is.</summary>
    /// <param name="signer">This node's signer: a file it would have signed must carry its signature.</param>
    public static (DigestReference? Reference, string? Problem) AtStart(JournalDigestTaken? last, long lastNumber, string file, DigestSigner? signer)
    {
        var own = last is null ? null : new DigestReference(last.HighestOrdering, last.Root, $"its digest #{lastNumber}");
        if (!File.Exists(file))
            return (own, null);
        if (JournalDigest.Parse(file, out var error) is not { } found)
            return (own, $"the digest file {file} cannot be read ({error})");
        // Unsigned, it was written before the key was set: anyone could have written it, so it proves nothing.
        if (signer is not null && found.Signature is null)
            return (own, null);
        if (signer is not null && (found.PublicKey != signer.PublicKey || !DigestSigner.Verify(found)))
            return (own, $"the digest file {file} (ordering {found.HighestOrdering}) is not signed by this node's key");
        if (own is not null && found.HighestOrdering <= own.Ordering)
            return (own, null);
        var cut = $"the digest file {file} commits to ordering {found.HighestOrdering}, the keeper's own digests " +
                  (own is null ? "are gone" : $"end at ordering {own.Ordering}") + ": its stream was cut back";
        return (new DigestReference(found.HighestOrdering, found.Root, $"the digest file {file}"), cut);
    }

    /// <summary>Moves the digest file aside (a name the next digest does not take); its new path, or null when there was none.</summary>
    public static string? KeepAside(string file)
    {
        try
        {
            if (!File.Exists(file))
                return null;
            var kept = $"{file}.found-{DateTimeOffset.UtcNow:yyyyMMddTHHmmssfff}";
            File.Move(file, kept);
            return kept;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
