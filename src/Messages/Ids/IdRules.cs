using System.Buffers;

namespace LeverageActors.Messages.Ids;

/// <summary>
/// Ids become parts of persistence ids, URLs and log lines, so they are restricted to a
/// conservative alphabet and length.
/// </summary>
public static class IdRules
{
    public const int MaxLength = 64;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    public static bool IsValid(string? value) =>
        !string.IsNullOrEmpty(value)
        && value.Length <= MaxLength
        && !value.AsSpan().ContainsAnyExcept(Allowed);

    public static string Require(string? value, string kind) =>
        IsValid(value)
            ? value!
            : throw new ArgumentException(
                $"{kind} must be 1-{MaxLength} characters of letters, digits, '-', '_' or '.'", nameof(value));
}
