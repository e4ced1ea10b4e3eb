using System.Globalization;
using Akka.Actor;
using LeverageActors.Actors.Integrity;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Persistence;
using LeverageActors.Actors.Risk.Cross;
using LeverageActors.Messages.Ids;
using LeverageActors.Host.Markets;
using Microsoft.Extensions.Configuration;

namespace LeverageActors.Host.Node;

/// <summary>
/// A node's identity and database, read from configuration (appsettings.json, then
/// <c>LEVERAGE_</c> environment variables, then command-line options).
/// </summary>
public sealed record NodeSettings
{
    public const string DefaultSystemName = "leverage";
    public const int DefaultPort = 4053;

    public string SystemName { get; init; } = DefaultSystemName;

    /// <summary>The address remoting binds to and advertises; loopback unless an operator opens it.</summary>
    public string Hostname { get; init; } = "127.0.0.1";

    /// <summary>Remoting port; 0 picks a free one.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Seed node addresses (akka.tcp://leverage@host:port); empty: the node joins itself.</summary>
    public IReadOnlyList<string> SeedNodes { get; init; } = [];

    /// <summary>Where the embedded journal lives when no connection string is given.</summary>
    public string DataDirectory { get; init; } = "data";

    /// <summary>The journal's database engine (<c>Journal:Provider</c>): SQLite unless configured otherwise.</summary>
    public JournalProvider JournalProvider { get; init; } = JournalProvider.Sqlite;

    /// <summary>
    /// A full connection string of the journal's database: for SQLite it overrides
    /// <see cref="DataDirectory"/>; PostgreSQL needs one.
    /// </summary>
    public string? ConnectionString { get; init; }

    /// <summary>The markets this node trades (section <c>Markets</c>; default ETH-USD, BTC-USD, SOL-USD).</summary>
    public MarketCatalog Markets { get; init; } = MarketCatalog.Default;

    /// <summary>The account liquidators' rewards are credited to.</summary>
    public string LiquidatorAccount { get; init; } = "liquidator";

    /// <summary>The price path the node replays into its oracles; null: no feed.</summary>
    public string? PricePath { get; init; } = DefaultPricePath;

    public static string DefaultPricePath => Path.Combine(AppContext.BaseDirectory, "prices", "demo-path.csv");

    /// <summary>
    /// The bundled demo path was not replayed by default: the node joins other seeds and was given
    /// neither <c>--demo</c> nor a path. The feed reports as every configured source, so in a cluster
    /// fed over HTTP its demo prices would make the quorum (review, CONFIRMED).
    /// </summary>
    public bool DemoPathHeldBack { get; init; }

    /// <summary>
    /// The path is the bundled demo path by default (neither <c>--prices</c> nor <c>--demo</c> asked for
    /// it): it is replayed only if the node formed its cluster, not if it joined a running one, as a
    /// restarted first seed whose only seed is itself does (review).
    /// </summary>
    public bool PricePathByDefault { get; init; }

    /// <summary>How much faster than the path's own clock it is replayed.</summary>
    public decimal PriceSpeed { get; init; } = 10m;

    /// <summary>Seed demo liquidity and positions at the first prices.</summary>
    public bool Demo { get; init; }

    /// <summary>
    /// <c>Accounts:CrossMargin:Enabled</c>: whether the API opens cross positions (<c>isolated: false</c>).
    /// Off by default until cross accounts can be liquidated (issue 16 item 3): nothing liquidates one yet.
    /// </summary>
    public bool CrossMargin { get; init; }

    /// <summary>
    /// <c>Accounts:CrossMargin:RefreshEvery</c>: how often the cross-account watcher asks every watched
    /// account for its exposure again, bringing interest into its bands (docs/CROSS-WATCH.md).
    /// </summary>
    public TimeSpan CrossWatchRefresh { get; init; } = CrossWatchSettings.DefaultRefreshEvery;

    /// <summary>
    /// <c>Execution:NextPrice</c>: opens, decreases, closes, collateral removals and LP moves through the
    /// API wait for the oracle's next accepted price and act at it, never at one known when they were
    /// sent (issue 18 item 1). On by default.
    /// </summary>
    public bool NextPriceExecution { get; init; } = true;

    /// <summary>
    /// <c>Execution:NextPriceWait</c>: how long a request waits for that price before it is refused
    /// <c>stale-price</c>; unset: the market's staleness limit (its oracle's <c>StaleAfter</c>).
    /// </summary>
    public TimeSpan? NextPriceWait { get; init; }

    /// <summary>The cross-account watcher runs exactly when cross margin is on.</summary>
    public CrossWatchSettings CrossWatch => new(CrossMargin, CrossWatchRefresh);

    /// <summary>
    /// How long a node asks its seed nodes to let it join before it stops with exit code 3, for its
    /// supervisor to start it afresh (<c>Node:JoinTimeout</c>); zero: it asks for ever.
    /// </summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public string JournalFile => Path.Combine(DataDirectory, "leverage.db");

    /// <summary>How often the journal digest is taken (<c>Digest:Every</c>); zero: on request and at shutdown only.</summary>
    public TimeSpan DigestEvery { get; init; } = DigestSettings.DefaultEvery;

    /// <summary>Where the latest digest is written (<c>Digest:File</c>); by default beside a SQLite journal, else in the data directory.</summary>
    public string? DigestFile { get; init; }

    /// <summary>The Ed25519 seed digests are signed with (<c>Digest:SigningKey</c>, 64 hex digits); none: unsigned.</summary>
    public string? DigestSigningKey { get; init; }

    public DigestSettings Digests => new(DigestEvery, DigestFile ?? Path.Combine(DigestDirectory, DigestSettings.DefaultFileName), DigestSigningKey);

    private string DigestDirectory =>
        Journal is { Provider: JournalProvider.Sqlite } sqlite
        && Path.GetDirectoryName(Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(sqlite.ConnectionString).DataSource)) is { Length: > 0 } directory
            ? directory
            : DataDirectory;

    /// <summary>The database the node journals into.</summary>
    public JournalDatabase Journal => JournalProvider switch
    {
        JournalProvider.Postgres => JournalDatabase.Postgres(ConnectionString
            ?? throw new ConfigurationError("Journal:ConnectionString is required when Journal:Provider is postgres")),
        _ => ConnectionString is null ? JournalDatabase.SqliteFile(JournalFile) : JournalDatabase.Sqlite(ConnectionString),
    };

    public static NodeSettings From(IConfiguration configuration)
    {
        var node = configuration.GetSection("Node");
        var defaults = new NodeSettings();
        var settings = new NodeSettings
        {
            SystemName = node["SystemName"] is { Length: > 0 } name ? name : defaults.SystemName,
            Hostname = node["Hostname"] is { Length: > 0 } host ? host : defaults.Hostname,
            Port = int.TryParse(node["Port"] ?? defaults.Port.ToString(CultureInfo.InvariantCulture), NumberStyles.None,
                CultureInfo.InvariantCulture, out var port) && port <= 65535
                ? port
                : throw new ConfigurationError($"Node:Port must be a port number from 0 to 65535, got '{node["Port"]}'"),
            SeedNodes = node.GetSection("SeedNodes").Get<string[]>() ?? [],
            JoinTimeout = SettingDuration.Read("Node:JoinTimeout", node["JoinTimeout"], defaults.JoinTimeout),
            DataDirectory = node["DataDirectory"] is { Length: > 0 } dir ? dir : defaults.DataDirectory,
            JournalProvider = JournalSettings.Provider(configuration["Journal:Provider"]),
            ConnectionString = configuration["Journal:ConnectionString"] is { Length: > 0 } cs ? cs : null,
            Markets = ReadMarkets(configuration),
            LiquidatorAccount = configuration["Liquidation:Account"] is { Length: > 0 } liquidator
                ? IdRules.IsValid(liquidator) ? liquidator : throw new ConfigurationError($"Liquidation:Account '{liquidator}' is not a valid account id")
                : defaults.LiquidatorAccount,
            PricePath = configuration["PriceFeed:Path"] switch
            {
                null => defaults.PricePath,
                "" or "none" => null,
                var path => File.Exists(path) ? path : throw new ConfigurationError($"PriceFeed:Path '{path}' does not exist"),
            },
            PriceSpeed = decimal.TryParse(configuration["PriceFeed:Speed"] ?? "10", NumberStyles.Number, CultureInfo.InvariantCulture, out var speed) && speed > 0
                ? speed
                : throw new ConfigurationError($"PriceFeed:Speed must be a positive number, got '{configuration["PriceFeed:Speed"]}'"),
            Demo = Switch(configuration, "Demo", false),
            CrossMargin = Switch(configuration, "Accounts:CrossMargin:Enabled", false),
            NextPriceExecution = Switch(configuration, "Execution:NextPrice", true),
            NextPriceWait = configuration["Execution:NextPriceWait"] is { Length: > 0 } wait
                ? SettingDuration.Read("Execution:NextPriceWait", wait, TimeSpan.Zero) is { } span && span > TimeSpan.Zero
                    ? span
                    : throw new ConfigurationError("Execution:NextPriceWait must be a positive time span")
                : null,
            CrossWatchRefresh = SettingDuration.Read("Accounts:CrossMargin:RefreshEvery", configuration["Accounts:CrossMargin:RefreshEvery"],
                defaults.CrossWatchRefresh),
            DigestEvery = DigestConfiguration.Every(configuration["Digest:Every"]),
            DigestFile = configuration["Digest:File"] is { Length: > 0 } digestFile ? digestFile : null,
            DigestSigningKey = DigestConfiguration.SigningKey(configuration["Digest:SigningKey"]),
        };

        JournalSettings.Check(settings.JournalProvider, settings.ConnectionString);
        var seeds = new List<Address>();
        foreach (var seed in settings.SeedNodes)
            seeds.Add(Address.TryParse(seed, out var address)
                ? address
                : throw new ConfigurationError($"Seed node '{seed}' is not an address like akka.tcp://{settings.SystemName}@10.0.0.5:4053"));
        // A SQLite file cannot be shared across machines; a PostgreSQL journal can.
        if (settings.JournalProvider == JournalProvider.Sqlite)
            EmbeddedJournalSeeds.RequireThisMachine(seeds);
        if (configuration["PriceFeed:Path"] is not null || settings.Demo || settings.PricePath is null)
            return settings;
        return seeds.Any(s => !IsItself(s, settings))
            ? settings with { PricePath = null, DemoPathHeldBack = true }
            : settings with { PricePathByDefault = true };
    }

    /// <summary>Whether a seed is this node's own address as configured (another name for it counts as another node: no feed is the safe side).</summary>
    private static bool IsItself(Address seed, NodeSettings settings) =>
        string.Equals(seed.Host, settings.Hostname, StringComparison.OrdinalIgnoreCase) && seed.Port == settings.Port;

    /// <summary>
    /// A true/false setting; unset, its default. Anything else is refused: <c>yes</c> or <c>1</c> silently
    /// kept the default, so <c>Execution:NextPrice=0</c> ran next-price execution, and
    /// <c>Accounts:CrossMargin:Enabled=yes</c> ran without cross margin.
    /// </summary>
    private static bool Switch(IConfiguration configuration, string key, bool fallback) => configuration[key] switch
    {
        null or "" => fallback,
        var text when bool.TryParse(text, out var value) => value,
        var text => throw new ConfigurationError($"{key} must be true or false, got '{text}'"),
    };

    /// <summary>The catalog the configuration describes; a bad market setting is a <see cref="ConfigurationError"/>.</summary>
    internal static MarketCatalog ReadMarkets(IConfiguration configuration)
    {
        try
        {
            return MarketConfiguration.Read(configuration);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArithmeticException or ArgumentException)
        {
            // ArithmeticException: a number past its type (MinSamples of 3e9 is no int).
            throw new ConfigurationError(e.Message);
        }
    }
}
