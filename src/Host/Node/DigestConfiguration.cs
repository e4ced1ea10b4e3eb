using LeverageActors.Actors.Integrity;

namespace LeverageActors.Host.Node;

/// <summary>The <c>Digest</c> section: one validator per setting.</summary>
public static class DigestConfiguration
{
    /// <summary><c>Digest:Every</c>: a time span (00:01:00) or seconds; 0 or off: on request and at shutdown only.</summary>
    public static TimeSpan Every(string? value) => SettingDuration.Read("Digest:Every", value, DigestSettings.DefaultEvery);

    /// <summary><c>Digest:SigningKey</c>: an Ed25519 seed in hex, checked now so a bad key stops the node at start.</summary>
    public static string? SigningKey(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        using var signer = DigestSigner.FromSeed(value, out var error);
        return signer is null ? throw new ConfigurationError($"Digest:SigningKey: {error}") : value.Trim();
    }
}
