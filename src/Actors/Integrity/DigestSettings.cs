namespace LeverageActors.Actors.Integrity;

/// <summary>
/// When and where the node takes its journal digests: every <see cref="Every"/> (zero: only on
/// request and at shutdown), written to <see cref="File"/>, signed when a key seed is configured.
/// <see cref="Journal"/>: the journal's id, written into the file, so a file left from another
/// journal is told from this one's.
/// </summary>
public sealed record DigestSettings(TimeSpan Every, string File, string? SigningKey = null, string? Journal = null)
{
    public static readonly TimeSpan DefaultEvery = TimeSpan.FromMinutes(1);

    public const string DefaultFileName = "journal-digest.json";
}
