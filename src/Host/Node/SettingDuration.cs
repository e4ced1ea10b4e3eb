using System.Globalization;

namespace LeverageActors.Host.Node;

/// <summary>A duration setting as operators write it: a time span (00:01:00), seconds, or off.</summary>
public static class SettingDuration
{
    /// <returns>The duration; <see cref="TimeSpan.Zero"/> for <c>off</c> or <c>0</c>; <paramref name="fallback"/> when not set.</returns>
    public static TimeSpan Read(string setting, string? value, TimeSpan fallback)
    {
        if (string.IsNullOrWhiteSpace(value))
            return fallback;
        if (value is "off" or "0")
            return TimeSpan.Zero;
        // Below TimeSpan's largest span: 1e20 or Infinity would overflow into an unhandled exception.
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            && seconds < TimeSpan.MaxValue.TotalSeconds / 2)
            return TimeSpan.FromSeconds(seconds);
        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
            return span;
        throw new ConfigurationError($"{setting} must be a time span such as 00:01:00, a number of seconds, or off; got '{value}'");
    }
}
