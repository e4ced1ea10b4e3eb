using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Oracles;

/// <summary>A real node's oracle publishes an accepted price on its topic, after the configured latency.</summary>
public class OracleLatencySpecs
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");

    [Fact]
    public async Task An_accepted_price_is_published_on_its_topic_only_after_the_simulated_latency()
    {
        var slow = new MarketCatalog(MarketCatalog.Default.Markets,
            new Dictionary<MarketId, OracleParameters> { [Eth] = OracleParameters.Default with { Latency = TimeSpan.FromSeconds(2) } });
        using var database = TestDatabase.InMemory();
        await using var node = await TestNode.StartAsync(database, new NodeOptions { Markets = slow });
        var kit = new Akka.TestKit.Xunit2.TestKit(node.System);
        var listener = kit.CreateTestProbe();
        DistributedPubSub.Get(node.System).Mediator.Tell(new Subscribe(PriceUpdated.Topic(Eth), listener.Ref), listener.Ref);
        listener.ExpectMsg<SubscribeAck>();
        var now = DateTimeOffset.UtcNow;

        foreach (var source in new[] { "source-a", "source-b" })
            await node.Oracles.Ask<ReportAnswered>(new ReportPrice(Eth, source, 2_000m, now, now), Scenario.Timeout);

        // Only a lower bound: a busy machine may deliver later, never sooner than the latency allows.
        var published = listener.ExpectMsg<PriceUpdated>(Scenario.Timeout);
        Assert.True(DateTimeOffset.UtcNow >= now + TimeSpan.FromSeconds(2), "the price was published before its latency had passed");
        Assert.Equal(2_000m, published.Price);
        Assert.Equal(1, published.Sequence);
    }
}
