using System.Net;
using LeverageActors.Host.Node;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;

namespace LeverageActors.Host.Api.Access;

/// <summary>
/// The proxies trusted to say who the client is (<c>X-Forwarded-For</c>), from
/// <c>Api:ForwardedHeaders:KnownProxies</c> (addresses) and <c>KnownNetworks</c> (CIDR). None by
/// default: the header is then ignored, because anyone can send it, and a client that could
/// choose its own address would choose a fresh rate-limit bucket for every request.
/// </summary>
public sealed record ProxySettings(IReadOnlyList<IPAddress> KnownProxies, IReadOnlyList<System.Net.IPNetwork> KnownNetworks)
{
    public static ProxySettings None { get; } = new([], []);

    public bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public static ProxySettings From(IConfigurationSection section) => new(
        Read(section, "KnownProxies", (string text, out IPAddress value) => IPAddress.TryParse(text, out value!), "an IP address like 10.0.0.5"),
        Read<System.Net.IPNetwork>(section, "KnownNetworks", System.Net.IPNetwork.TryParse, "a network like 10.0.0.0/8"));

    /// <summary>
    /// Walks <c>X-Forwarded-For</c> from the right for as long as the hop it came from is trusted:
    /// the first address a trusted proxy did not vouch for is the client, and nothing to its left
    /// (which the client wrote) is read.
    /// </summary>
    public ForwardedHeadersOptions Options()
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = null,
        };
        // The framework trusts loopback by default; here only what the operator named is trusted.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in KnownProxies)
            options.KnownProxies.Add(proxy);
        foreach (var network in KnownNetworks)
            options.KnownIPNetworks.Add(network);
        return options;
    }

    private delegate bool Parser<T>(string text, out T value);

    private static IReadOnlyList<T> Read<T>(IConfigurationSection section, string key, Parser<T> parse, string example)
    {
        var values = new List<T>();
        foreach (var child in section.GetSection(key).GetChildren())
        {
            var text = child.Value?.Trim() ?? "";
            values.Add(parse(text, out var value) ? value : throw new ConfigurationError($"Api:ForwardedHeaders:{key}:{child.Key} must be {example}, got '{text}'"));
        }

        return values;
    }
}
