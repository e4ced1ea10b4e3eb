using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace LeverageActors.Actors.Membership;

/// <summary>
/// The settings every member of a cluster must share, by name: the markets and their parameters,
/// the collateral assets, cross margin, the liquidators' account, next-price execution. An entity
/// runs on whichever node its shard lands, and a market's watchers on one node each: a node with
/// cross margin on in a cluster whose cross watcher runs on a node with it off admits cross
/// positions nobody liquidates, and a market configured on one node only has no risk index when
/// its watchers run elsewhere (review). Each node carries their fingerprint as a cluster role and
/// tells a joiner their values, so the join check names what differs.
/// </summary>
public sealed class SharedSettings
{
    private const string Prefix = "settings-";

    private SharedSettings(ImmutableSortedDictionary<string, string> values)
    {
        Values = values;
        var text = string.Concat(values.Select(v => $"{v.Key}={v.Value}\n"));
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    public static SharedSettings Of(IEnumerable<KeyValuePair<string, string>> values) =>
        new(values.ToImmutableSortedDictionary(StringComparer.Ordinal));

    public ImmutableSortedDictionary<string, string> Values { get; }

    /// <summary>The first 16 hex digits of the SHA-256 of the values, one <c>name=value</c> line each, in ordinal order.</summary>
    public string Fingerprint { get; }

    public string Role => Prefix + Fingerprint;

    /// <summary>The fingerprint a member's roles carry; null for a node of a build before this check.</summary>
    public static string? FingerprintIn(IEnumerable<string> roles) =>
        roles.FirstOrDefault(r => r.StartsWith(Prefix, StringComparison.Ordinal)) is { } role ? role[Prefix.Length..] : null;

    /// <summary>
    /// Every setting both name whose values differ. A name only one side has is a parameter one build
    /// has and the other not (a rolling upgrade), not a difference: which markets and assets a node
    /// has are settings of their own, so a market on one node only still differs.
    /// </summary>
    public IReadOnlyList<SettingDifference> Differences(IReadOnlyDictionary<string, string> theirs) =>
        Values
            .Where(v => theirs.TryGetValue(v.Key, out var there) && there != v.Value)
            .Select(v => new SettingDifference(v.Key, v.Value, theirs[v.Key]))
            .ToList();
}

/// <summary>A setting whose value on this node (<c>Here</c>) is not a member's of the cluster (<c>There</c>).</summary>
public sealed record SettingDifference(string Name, string Here, string There)
{
    public override string ToString() => $"{Name} is {Here} here, {There} there";
}
