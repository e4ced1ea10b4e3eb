using LeverageActors.Messages.Journal;

namespace LeverageActors.Actors.Integrity;

/// <summary>
/// The digest a node's first look after a start checks the journal against: the newer of the
/// keeper's own last digest (a row of the journal it checks) and the digest file it wrote (outside
/// the journal). A forger who rewrote history and cut the keeper's stream back to before the change
/// still meets the file; one who also rolls the file back, or deletes it, needs a digest kept
/// elsewhere to be caught.
/// </summary>
public sealed record DigestReference(long Ordering, string Root, string Name)
{
    /// <summary>
    /// The reference; what shows the journal's own digests were cut (<c>Alarm</c>); and why the file
    /// was not compared, when it was not (<c>Warning</c>: a file of another journal or key proves
    /// nothing here, and one deleted would be no different).
    /// </summary>
    /// <param name="journal">This journal's id: a file naming another is left from another journal.</param>
    /// <param name="signer">This node's signer: a file it would have signed must carry its signature.</param>
    public static (DigestReference? Reference, string? Alarm, string? Warning) AtStart(
        JournalDigestTaken? last, long lastNumber, string file, string? journal, DigestSigner? signer)
    {
        var own = last is null ? null : new DigestReference(last.HighestOrdering, last.Root, $"its digest #{lastNumber}");
        if (!File.Exists(file))
            return (own, null, null);
        if (JournalDigest.Parse(file, out var error) is not { } found)
            return (own, $"the digest file {file} cannot be read ({error})", null);
        if (found.Journal is { } other && journal is not null && other != journal)
            return (own, null, $"the digest file {file} is of journal {other}, not this one ({journal}): not compared");
        // Unsigned, it was written before the key was set: anyone could have written it, so it proves nothing.
        if (signer is not null && found.Signature is null)
            return (own, null, null);
        if (signer is not null && (found.PublicKey != signer.PublicKey || !DigestSigner.Verify(found)))
            return (own, null, $"the digest file {file} (ordering {found.HighestOrdering}) is not signed by this node's key: not compared");
        if (own is not null && found.HighestOrdering <= own.Ordering)
            return (own, null, null);
        var cut = $"the digest file {file} commits to ordering {found.HighestOrdering}, the keeper's own digests " +
                  (own is null ? "are gone" : $"end at ordering {own.Ordering}") + ": its stream was cut back";
        return (new DigestReference(found.HighestOrdering, found.Root, $"the digest file {file}"), cut, null);
    }

    /// <summary>Moves the digest file aside (a name the next digest does not take): its new path, or why it could not.</summary>
    public static (string? Kept, string? Error) KeepAside(string file)
    {
        try
        {
            if (!File.Exists(file))
                return (null, null);
            var kept = $"{file}.found-{DateTimeOffset.UtcNow:yyyyMMddTHHmmssfff}";
            File.Move(file, kept);
            return (kept, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, e.Message);
        }
    }
}
