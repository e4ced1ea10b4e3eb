using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeverageActors.Actors.Integrity;

/// <summary>
/// What the journal held when the digest was taken: the Merkle root over every stream's head up
/// to <see cref="HighestOrdering"/>, optionally signed with Ed25519. The digest file also lists the
/// heads, so a verifier can name the stream that changed, and the journal's id (not signed: it only
/// tells a file left from another journal apart); the one-line form (<see cref="Line"/>)
/// carries the root alone, short enough to publish anywhere.
/// </summary>
public sealed record JournalDigest(
    long HighestOrdering,
    int Streams,
    string Root,
    DateTimeOffset At,
    IReadOnlyList<DigestHead>? Heads = null,
    string? PublicKey = null,
    string? Signature = null,
    string? Journal = null)
{
    private const string Prefix = "ljd1";

    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static JournalDigest Of(IReadOnlyList<StreamHead> heads, long highestOrdering, DateTimeOffset at) =>
        new(highestOrdering, heads.Count, MerkleRoot.Of(heads), at,
            heads.OrderBy(h => h.Entity, StringComparer.Ordinal).Select(h => new DigestHead(h.Entity, h.Sequence, ChainHash.Hex(h.Hash))).ToList());

    /// <summary>The text a signature covers: everything the root commits to, nothing else.</summary>
    [JsonIgnore]
    public string Statement => string.Create(CultureInfo.InvariantCulture, $"{Prefix}.{HighestOrdering}.{Streams}.{Root}");

    /// <summary>The digest on one line: <c>ljd1.ordering.streams.root[.publickey.signature]</c>.</summary>
    [JsonIgnore]
    public string Line => Signature is null ? Statement : $"{Statement}.{PublicKey}.{Signature}";

    [JsonIgnore]
    public IEnumerable<StreamHead> StreamHeads =>
        (Heads ?? []).Select(h => new StreamHead(h.Entity, h.Sequence, Convert.FromHexString(h.Hash)));

    public string ToFile() => JsonSerializer.Serialize(this, FileJson);

    /// <summary>A digest file, or a digest's line; null with a reason when it is neither.</summary>
    public static JournalDigest? Parse(string fileOrLine, out string error)
    {
        error = "";
        var text = fileOrLine.Trim();
        if (File.Exists(fileOrLine))
        {
            try
            {
                text = File.ReadAllText(fileOrLine).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error = $"cannot read {Shorten(fileOrLine)}: {e.Message}";
                return null;
            }
        }
        if (text.StartsWith('{'))
        {
            try
            {
                var digest = JsonSerializer.Deserialize<JournalDigest>(text, FileJson);
                if (digest is { Root.Length: 64 } && (digest.Heads ?? []).All(h => h is { Entity: not null, Hash.Length: 64 } && h.Hash.All(char.IsAsciiHexDigit)))
                    return digest;
                error = $"{Shorten(fileOrLine)} is not a journal digest (no root, or a head without a 64-digit link)";
                return null;
            }
            catch (Exception e) when (e is JsonException or FormatException)
            {
                error = $"{Shorten(fileOrLine)} is not a journal digest: {e.Message}";
                return null;
            }
        }

        var parts = text.Split('.');
        if (parts is [Prefix, var ordering, var streams, var root, ..] && (parts.Length == 4 || parts.Length == 6)
            && long.TryParse(ordering, NumberStyles.None, CultureInfo.InvariantCulture, out var highest)
            && int.TryParse(streams, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && root.Length == 64)
            return new JournalDigest(highest, count, root, default, null,
                parts.Length == 6 ? parts[4] : null, parts.Length == 6 ? parts[5] : null);
        error = $"'{Shorten(fileOrLine)}' is neither a digest file nor a digest line (ljd1.<ordering>.<streams>.<root>[.<key>.<signature>])";
        return null;
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}

/// <summary>One stream's head as the digest file lists it.</summary>
public sealed record DigestHead(string Entity, long Sequence, string Hash);
