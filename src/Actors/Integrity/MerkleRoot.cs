using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace LeverageActors.Actors.Integrity;

/// <summary>
/// The Merkle root over streams' heads, sorted by persistence id: a leaf hashes 0x00, the id, the
/// sequence number and the link; a node hashes 0x01 and its two children; an odd node is carried
/// up unchanged (as in Certificate Transparency's tree). The prefixes keep a leaf from posing as a node.
/// </summary>
public static class MerkleRoot
{
    public static string Of(IEnumerable<StreamHead> heads)
    {
        var level = heads.OrderBy(h => h.Entity, StringComparer.Ordinal).Select(Leaf).ToList();
        if (level.Count == 0)
            return ChainHash.Hex(SHA256.HashData([]));
        while (level.Count > 1)
        {
            var next = new List<byte[]>((level.Count + 1) / 2);
            for (var i = 0; i < level.Count; i += 2)
                next.Add(i + 1 < level.Count ? Node(level[i], level[i + 1]) : level[i]);
            level = next;
        }

        return ChainHash.Hex(level[0]);
    }

    private static byte[] Leaf(StreamHead head)
    {
        var id = Encoding.UTF8.GetBytes(head.Entity);
        var data = new byte[1 + 4 + id.Length + 8 + head.Hash.Length];
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(1), id.Length);
        id.CopyTo(data, 5);
        BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(5 + id.Length), head.Sequence);
        head.Hash.CopyTo(data, 13 + id.Length);
        return SHA256.HashData(data);
    }

    private static byte[] Node(byte[] left, byte[] right)
    {
        var data = new byte[1 + left.Length + right.Length];
        data[0] = 1;
        left.CopyTo(data, 1);
        right.CopyTo(data, 1 + left.Length);
        return SHA256.HashData(data);
    }
}
