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
        var idLength = Encoding.UTF8.GetByteCount(persistenceId);
        var manifestLength = Encoding.UTF8.GetByteCount(manifest);
        var length = 4 + idLength + 8 + 4 + manifestLength + 4 + payload.Length + Size;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var span = buffer.AsSpan(0, length);
            var at = 0;
            BinaryPrimitives.WriteInt32BigEndian(span[at..], idLength);
            at += 4 + Encoding.UTF8.GetBytes(persistenceId, span[(at + 4)..]);
            BinaryPrimitives.WriteInt64BigEndian(span[at..], sequenceNr);
            at += 8;
            BinaryPrimitives.WriteInt32BigEndian(span[at..], manifestLength);
            at += 4 + Encoding.UTF8.GetBytes(manifest, span[(at + 4)..]);
            BinaryPrimitives.WriteInt32BigEndian(span[at..], payload.Length);
            at += 4;
            payload.CopyTo(span[at..]);
            at += payload.Length;
            previous.CopyTo(span[at..]);
            return SHA256.HashData(span);
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
        if (tags is null)
            return null;
        var start = tags.IndexOf(TagPrefix, StringComparison.Ordinal);
        if (start < 0)
            return null;
        start += TagPrefix.Length;
        var end = tags.IndexOf(';', start);
        var hex = end < 0 ? tags[start..] : tags[start..end];
        try
        {
            var link = Convert.FromHexString(hex);
            return link.Length == Size ? link : [];
        }
        catch (FormatException)
        {
            // A mangled link is a broken link, not a row without one.
            return [];
        }
    }
}
