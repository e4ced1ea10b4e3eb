using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;

namespace LeverageActors.Host.Api.Feed;

/// <summary>
/// One live-feed connection's subscriptions: every message on its topics goes into the
/// connection's channel. <c>ready</c> completes once the mediator has confirmed all of them, so
/// the client is told it is listening only when it is.
/// </summary>
public sealed class FeedSubscriber : ReceiveActor
{
    private readonly ChannelWriter<object> _sink;

    public FeedSubscriber(IReadOnlyList<string> topics, ChannelWriter<object> sink, TaskCompletionSource ready)
    {
        _sink = sink;
        var mediator = DistributedPubSub.Get(Context.System).Mediator;
        var pending = new HashSet<string>(topics);
        foreach (var topic in topics)
            mediator.Tell(new Subscribe(topic, Self));

        Receive<SubscribeAck>(ack =>
        {
            pending.Remove(ack.Subscribe.Topic);
            if (pending.Count == 0)
                ready.TrySetResult();
        });
        // A slow client loses its oldest events rather than holding the node's memory.
        ReceiveAny(message => sink.TryWrite(message));
    }

    /// <summary>A feed whose subscriber stopped (node shutting down) ends instead of idling.</summary>
    protected override void PostStop() => _sink.TryComplete();
}
