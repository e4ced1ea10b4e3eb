using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace LeverageActors.Actors.Integrity;

/// <summary>
/// One link of a stream's hash chain: SHA-256 over the persistence id, the sequence number, the
/// manifest, the payload bytes as stored, and the previous link (32 zero bytes before the first
/// event). Each variable field is length-prefixed, so no two rows encode alike. The link is kept
/// in the row's tags as <c>chain:&lt;hex&gt;</c>: a column every reader already has and ignores.
/// </summary>
public static class ChainHash
{
    public const string TagPrefix = "chain:";
    public const int Size = 32;

    public static byte[] Genesis { get; } = new byte[Size];

    public static byte[] Link(byte[] previous, string persistenceId, long sequenceNr, string manifest, ReadOnlySpan<byte> payload)
    {
        var link = new byte[Size];
        Link(previous, persistenceId, sequenceNr, manifest, payload, link);
        return link;
    }

    /// <summary>The link into <paramref name="destination"/> (which may be <paramref name="previous"/> itself).</summary>
    public static void Link(ReadOnlySpan<byte> previous, string persistenceId, long sequenceNr, string manifest, ReadOnlySpan<byte> payload, Span<byte> destination) =>
        Link(previous, Encoding.UTF8.GetBytes(persistenceId), sequenceNr, manifest, payload, destination);

    /// <summary>The same with the persistence id already in UTF-8 (the audit keeps it per stream).</summary>
    public static void Link(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> persistenceId, long sequenceNr, string manifest, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        var idLength = persistenceId.Length;
        var manifestLength = Encoding.UTF8.GetByteCount(manifest);
        var length = 4 + idLength + 8 + 4 + manifestLength + 4 + payload.Length + Size;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var span = buffer.AsSpan(0, length);
            var at = 0;
            BinaryPrimitives.WriteInt32BigEndian(span[at..], idLength);
            persistenceId.CopyTo(span[(at + 4)..]);
            at += 4 + idLength;
            BinaryPrimitives.WriteInt64BigEndian(span[at..], sequenceNr);
            at += 8;
            BinaryPrimitives.WriteInt32BigEndian(span[at..], manifestLength);
            at += 4 + Encoding.UTF8.GetBytes(manifest, span[(at + 4)..]);
            BinaryPrimitives.WriteInt32BigEndian(span[at..], payload.Length);
            at += 4;
            payload.CopyTo(span[at..]);
            at += payload.Length;
            previous.CopyTo(span[at..]);
            SHA256.HashData(span, destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static string Tag(byte[] link) => TagPrefix + Hex(link);

    public static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);

    /// <summary>The link a row's tags column carries (<c>;kind;chain:…;</c>), or null for a row written before chains.</summary>
    public static byte[]? FromTags(string? tags)
    {
        Span<byte> link = stackalloc byte[Size];
        return FromTags(tags, link) switch
        {
            StoredLink.None => null,
            StoredLink.Malformed => [],
            _ => link.ToArray(),
        };
    }

    /// <summary>Reads a row's link into <paramref name="link"/> without allocating: the audit does this for every row.</summary>
    public static StoredLink FromTags(string? tags, Span<byte> link)
    {
        if (tags is null)
            return StoredLink.None;
        var start = tags.IndexOf(TagPrefix, StringComparison.Ordinal);
        if (start < 0)
            return StoredLink.None;
        var hex = tags.AsSpan(start + TagPrefix.Length);
        var end = hex.IndexOf(';');
        if (end >= 0)
            hex = hex[..end];
        // A mangled link is a broken link, not a row without one.
        return hex.Length == 2 * Size && Convert.FromHexString(hex, link, out _, out var written) == System.Buffers.OperationStatus.Done && written == Size
            ? StoredLink.Present
            : StoredLink.Malformed;
    }
}

/// <summary>Whether a row carries a link, and a readable one.</summary>
public enum StoredLink
{
    None,
    Present,
    Malformed,
}
