using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Host.Api.Feed;

/// <summary>Subscribes to every market's feed topics for the node's life and hands each event to <see cref="FeedHistory"/>.</summary>
public sealed class FeedRecorder : ReceiveActor
{
    public FeedRecorder(IReadOnlyList<string> topics, FeedHistory history)
    {
        var mediator = DistributedPubSub.Get(Context.System).Mediator;
        foreach (var topic in topics)
            mediator.Tell(new Subscribe(topic, Self));

        // Each source's report republishes the median; like the feed, keep a price when it moves.
        var shown = new Dictionary<MarketId, decimal>();
        Receive<SubscribeAck>(_ => { });
        ReceiveAny(message =>
        {
            if (message is PriceUpdated price)
            {
                if (shown.TryGetValue(price.Market, out var last) && last == price.Price)
                    return;
                shown[price.Market] = price.Price;
            }

            if (FeedEvent.Of(message) is { } e)
                history.Record(e.Name, FeedEvent.MarketOf(e.Data), e.Data);
        });
    }
}
