using LeverageActors.Host.Node;
using Microsoft.Extensions.Configuration;

namespace LeverageActors.Tests.Node;

/// <summary>
/// The bundled demo path reports as every configured source: a node left on it in a cluster fed
/// over HTTP made the quorum with demo prices (review, CONFIRMED). Only a node alone, or one asked
/// with <c>--demo</c> or a path, replays it.
/// </summary>
public sealed class PriceFeedDefaultSpecs
{
    private const string Itself = "akka.tcp://leverage@127.0.0.1:4053";
    private const string Another = "akka.tcp://leverage@127.0.0.1:4054";

    [Fact]
    public void A_node_joining_another_seed_replays_no_path_unless_asked()
    {
        var settings = Settings(("Node:SeedNodes:0", Itself), ("Node:SeedNodes:1", Another));

        Assert.Null(settings.PricePath);
        Assert.True(settings.DemoPathHeldBack);
    }

    [Fact]
    public void A_node_alone_or_its_own_only_seed_replays_the_bundled_path()
    {
        Assert.Equal(NodeSettings.DefaultPricePath, Settings().PricePath);
        Assert.Equal(NodeSettings.DefaultPricePath, Settings(("Node:SeedNodes:0", Itself)).PricePath);
        Assert.False(Settings(("Node:SeedNodes:0", Itself)).DemoPathHeldBack);
        // By default only: it is replayed once the node is up, and only if it formed its cluster rather than joined a running one.
        Assert.True(Settings(("Node:SeedNodes:0", Itself)).PricePathByDefault);
        Assert.False(Settings(("Demo", "true")).PricePathByDefault);
        Assert.False(Settings(("PriceFeed:Path", NodeSettings.DefaultPricePath)).PricePathByDefault);
    }

    [Fact]
    public void A_joining_node_asked_for_the_demo_or_a_path_replays_it()
    {
        Assert.Equal(NodeSettings.DefaultPricePath, Settings(("Node:SeedNodes:0", Another), ("Demo", "true")).PricePath);
        Assert.Equal(NodeSettings.DefaultPricePath, Settings(("Node:SeedNodes:0", Another), ("PriceFeed:Path", NodeSettings.DefaultPricePath)).PricePath);
        Assert.Null(Settings(("Node:SeedNodes:0", Another), ("PriceFeed:Path", "none")).PricePath);
        Assert.False(Settings(("Node:SeedNodes:0", Another), ("PriceFeed:Path", "none")).DemoPathHeldBack);
    }

    private static NodeSettings Settings(params (string Key, string Value)[] values) =>
        NodeSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());
}
