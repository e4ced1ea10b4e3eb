using LeverageActors.Host.Api.Access;
using LeverageActors.Host.Node;
using Microsoft.Extensions.Configuration;

namespace LeverageActors.Host.Api;

/// <summary>The HTTP API's listener and keys (configuration section <c>Api</c>).</summary>
public sealed record ApiSettings
{
    /// <summary>Loopback only: exposing the API is an operator's decision, made in configuration.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Operator keys shorter than this are refused: they would be guessable.</summary>
    public const int MinimumOperatorKeyLength = 16;

    public string Url { get; init; } = DefaultUrl;

    /// <summary>The key operator endpoints require; null: operator endpoints refuse everyone.</summary>
    public string? OperatorKey { get; init; }

    /// <summary>
    /// Each price source's own key, by source name: it reports for that source alone. The operator key
    /// reports for any source, so a feeder holding it could report as every source and make a quorum
    /// alone; a feeder is given its source's key instead.
    /// </summary>
    public IReadOnlyDictionary<string, string> SourceKeys { get; init; } = new Dictionary<string, string>();

    /// <summary>How long a request waits for the entities (a saga) before answering 504.</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a node takes a key it verified on trust: a key revoked through another node still
    /// works here until then. Shorter costs one round trip to the account per key and period.
    /// </summary>
    public TimeSpan VerifiedKeyLifetime { get; init; } = VerifiedKeys.DefaultLifetime;

    /// <summary>Live feeds served at once; more are refused with 503.</summary>
    public int MaxFeedConnections { get; init; } = 100;

    /// <summary>Live feeds one client (an address, an IPv6 /64) holds at once on a node; more are refused with 503.</summary>
    public int MaxFeedConnectionsPerClient { get; init; } = 4;

    /// <summary>Requests a second one client address may make (a burst of twice as many passes); more get 429.</summary>
    public int RequestsPerSecondPerClient { get; init; } = 500;

    /// <summary>
    /// Accounts one client may open a minute (as a burst, then one every 60/n seconds); more get 429.
    /// Opening one needs no key and writes an event: at the general rate one address could append
    /// tens of millions of them to the journal a day.
    /// </summary>
    public int AccountsPerMinutePerClient { get; init; } = 60;

    /// <summary>Past this the limiter's refill period (a minute divided by it) is under a microsecond: no limit at all, and past ~10⁹ a period of 0 it refuses.</summary>
    public const int MaxAccountsPerMinutePerClient = 1_000_000;

    /// <summary>Proxies whose <c>X-Forwarded-For</c> names the client; none by default.</summary>
    public ProxySettings ForwardedHeaders { get; init; } = ProxySettings.None;

    /// <summary>
    /// Whether the API listens beyond this machine with no proxy named: plain HTTP straight to
    /// clients, every bearer key (traders', sources', the operator's) readable on the way.
    /// </summary>
    public bool InClearBeyondThisMachine =>
        !ForwardedHeaders.Enabled && Uri.TryCreate(Url, UriKind.Absolute, out var uri) && !uri.IsLoopback;

    public static ApiSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Api");
        var defaults = new ApiSettings();
        var url = section["Url"] is { Length: > 0 } u ? u : defaults.Url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/")
            throw new ConfigurationError($"Api:Url must be like http://127.0.0.1:5080, got '{url}'");

        var operatorKey = section["OperatorKey"] is { Length: > 0 } key ? key : null;
        if (operatorKey is { Length: < MinimumOperatorKeyLength })
            throw new ConfigurationError($"Api:OperatorKey must be at least {MinimumOperatorKeyLength} characters");

        var sourceKeys = SourceKeysOf(section.GetSection("SourceKeys"), operatorKey);
        var timeout = section["AskTimeoutSeconds"] is { Length: > 0 } seconds
            ? int.TryParse(seconds, out var s) && s is > 0 and <= 300
                ? TimeSpan.FromSeconds(s)
                : throw new ConfigurationError($"Api:AskTimeoutSeconds must be 1-300, got '{seconds}'")
            : defaults.AskTimeout;
        return new ApiSettings
        {
            Url = url,
            OperatorKey = operatorKey,
            SourceKeys = sourceKeys,
            AskTimeout = timeout,
            VerifiedKeyLifetime = TimeSpan.FromSeconds(Positive(section, "VerifiedKeySeconds", (int)defaults.VerifiedKeyLifetime.TotalSeconds, 3600)),
            MaxFeedConnections = Positive(section, "MaxFeedConnections", defaults.MaxFeedConnections),
            MaxFeedConnectionsPerClient = Positive(section, "MaxFeedConnectionsPerClient", defaults.MaxFeedConnectionsPerClient),
            RequestsPerSecondPerClient = Positive(section, "RequestsPerSecondPerClient", defaults.RequestsPerSecondPerClient),
            AccountsPerMinutePerClient = Positive(section, "AccountsPerMinutePerClient", defaults.AccountsPerMinutePerClient, MaxAccountsPerMinutePerClient),
            ForwardedHeaders = ProxySettings.From(section.GetSection("ForwardedHeaders")),
        };
    }

    private static Dictionary<string, string> SourceKeysOf(IConfigurationSection section, string? operatorKey)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in section.GetChildren())
        {
            if (source.Value is not { Length: >= MinimumOperatorKeyLength } key)
                throw new ConfigurationError($"Api:SourceKeys:{source.Key} must be at least {MinimumOperatorKeyLength} characters");
            // A key shared by two sources, or with the operator, would let one feeder report as both.
            if (key == operatorKey || keys.ContainsValue(key))
                throw new ConfigurationError($"Api:SourceKeys:{source.Key} must differ from the operator key and every other source's key");
            keys[source.Key] = key;
        }

        return keys;
    }

    private static int Positive(IConfigurationSection section, string key, int fallback, int max = int.MaxValue)
    {
        var text = section[key];
        if (string.IsNullOrEmpty(text))
            return fallback;
        return int.TryParse(text, out var value) && value > 0 && value <= max
            ? value
            : throw new ConfigurationError($"Api:{key} must be a whole number from 1 to {max}, got '{text}'");
    }
}
