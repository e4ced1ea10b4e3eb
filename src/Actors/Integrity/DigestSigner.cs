using System.Text;
using NSec.Cryptography;

namespace LeverageActors.Actors.Integrity;

/// <summary>
/// Ed25519 signatures over a digest's statement (NSec: the BCL has no Ed25519). The private key is
/// the operator's 32-byte seed in hex; whoever holds only the public key can check a digest, and
/// nobody with the database alone can forge one.
/// </summary>
public sealed class DigestSigner : IDisposable
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;

    private readonly Key _key;

    private DigestSigner(Key key)
    {
        _key = key;
        PublicKey = Convert.ToHexStringLower(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    public string PublicKey { get; }

    /// <summary>A signer from a hex seed; null with a reason when the seed is not one.</summary>
    public static DigestSigner? FromSeed(string seedHex, out string error)
    {
        error = "";
        try
        {
            var seed = Convert.FromHexString(seedHex.Trim());
            if (seed.Length == 32)
                return new DigestSigner(Key.Import(Ed25519, seed, KeyBlobFormat.RawPrivateKey));
        }
        catch (FormatException)
        {
        }

        error = "the digest signing key must be 64 hex digits (an Ed25519 seed)";
        return null;
    }

    /// <summary>A new key's seed, for an operator setting up signing.</summary>
    public static string NewSeed()
    {
        using var key = Key.Create(Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        return Convert.ToHexStringLower(key.Export(KeyBlobFormat.RawPrivateKey));
    }

    public JournalDigest Sign(JournalDigest digest) => digest with
    {
        PublicKey = PublicKey,
        Signature = Convert.ToHexStringLower(Ed25519.Sign(_key, Encoding.UTF8.GetBytes(digest.Statement))),
    };

    /// <summary>Whether the digest carries a valid signature by its own public key.</summary>
    public static bool Verify(JournalDigest digest)
    {
        if (digest.PublicKey is null || digest.Signature is null)
            return false;
        try
        {
            var key = NSec.Cryptography.PublicKey.Import(Ed25519, Convert.FromHexString(digest.PublicKey), KeyBlobFormat.RawPublicKey);
            return Ed25519.Verify(key, Encoding.UTF8.GetBytes(digest.Statement), Convert.FromHexString(digest.Signature));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return false;
        }
    }

    public void Dispose() => _key.Dispose();
}
