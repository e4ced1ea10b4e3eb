using System.Globalization;
using LeverageActors.Actors.Integrity;

namespace LeverageActors.Host.Node;

/// <summary>The <c>Digest</c> section: one validator per setting.</summary>
public static class DigestConfiguration
{
    /// <summary><c>Digest:Every</c>: a time span (00:01:00) or seconds; 0 or off: on request and at shutdown only.</summary>
    public static TimeSpan Every(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return DigestSettings.DefaultEvery;
        if (value is "off" or "0")
            return TimeSpan.Zero;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
            return TimeSpan.FromSeconds(seconds);
        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
            return span;
        throw new ConfigurationError($"Digest:Every must be a time span such as 00:01:00, a number of seconds, or off; got '{value}'");
    }

    /// <summary><c>Digest:SigningKey</c>: an Ed25519 seed in hex, checked now so a bad key stops the node at start.</summary>
    public static string? SigningKey(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        using var signer = DigestSigner.FromSeed(value, out var error);
        return signer is null ? throw new ConfigurationError($"Digest:SigningKey: {error}") : value.Trim();
    }
}
