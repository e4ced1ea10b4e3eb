using System.CommandLine;

namespace LeverageActors.Host.Cli;

/// <summary>
/// Command-line options of a node. Each maps onto a configuration key, so an option, an
/// environment variable and appsettings.json are three ways to say the same thing.
/// </summary>
public sealed class NodeOptions
{
    public Option<string?> Hostname { get; } = new("--hostname")
    {
        Description = "Address remoting binds to and advertises [Node:Hostname, default 127.0.0.1]",
    };

    // A string, so a bad value is reported by the configuration check in the operator's terms.
    public Option<string?> Port { get; } = new("--port")
    {
        Description = "Remoting port; 0 picks a free one [Node:Port, default 4053]",
    };

    public Option<string[]> Seeds { get; } = new("--seed")
    {
        Description = "Seed node address, repeatable, e.g. akka.tcp://leverage@127.0.0.1:4053; every node of a cluster shares one journal [Node:SeedNodes; none: join itself]",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> DataDirectory { get; } = new("--data-dir")
    {
        Description = "Directory of the embedded SQLite journal [Node:DataDirectory, default ./data]",
    };

    // A string, so a bad value is reported by the configuration check in the operator's terms.
    public Option<string?> JournalProvider { get; } = new("--journal-provider")
    {
        Description = "Database of the journal: sqlite or postgres [Journal:Provider, default sqlite]",
    };

    public Option<string?> ConnectionString { get; } = new("--journal")
    {
        Description = "Connection string of the journal: SQLite (overrides --data-dir) or PostgreSQL, e.g. " +
                      "Host=127.0.0.1;Database=leverage;Username=leverage [Journal:ConnectionString]",
    };

    public Option<string?> Prices { get; } = new("--prices")
    {
        Description = "Price path CSV (timestamp,market,price) replayed into the oracles; 'none' for no feed [PriceFeed:Path, default the bundled demo path]",
    };

    public Option<bool> Demo { get; } = new("--demo")
    {
        Description = "Seed liquidity and leveraged positions at the first prices, to watch liquidations [Demo]",
    };

    public Option<string?> ApiUrl { get; } = new("--api-url")
    {
        Description = "Where the HTTP API listens [Api:Url, default http://127.0.0.1:5080]",
    };

    public IEnumerable<Option> All => [Hostname, Port, Seeds, DataDirectory, JournalProvider, ConnectionString, Prices, Demo, ApiUrl];

    /// <summary>The options given on the command line, as configuration keys.</summary>
    public IEnumerable<KeyValuePair<string, string?>> ToConfiguration(ParseResult result)
    {
        if (result.GetValue(Hostname) is { } host)
            yield return new("Node:Hostname", host);
        if (result.GetValue(Port) is { } port)
            yield return new("Node:Port", port);
        var seeds = result.GetValue(Seeds) ?? [];
        for (var i = 0; i < seeds.Length; i++)
            yield return new($"Node:SeedNodes:{i}", seeds[i]);
        if (result.GetValue(DataDirectory) is { } dir)
            yield return new("Node:DataDirectory", dir);
        if (result.GetValue(JournalProvider) is { } provider)
            yield return new("Journal:Provider", provider);
        if (result.GetValue(ConnectionString) is { } cs)
            yield return new("Journal:ConnectionString", cs);
        if (result.GetValue(Prices) is { } prices)
            yield return new("PriceFeed:Path", prices);
        if (result.GetValue(ApiUrl) is { } url)
            yield return new("Api:Url", url);
        if (result.GetValue(Demo))
            yield return new("Demo", "true");
    }
}
