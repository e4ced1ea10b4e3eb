using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;

namespace LeverageActors.Tests.Support;

/// <summary>Everything published on one DistributedPubSub topic of a node, from once it is subscribed.</summary>
public sealed class TopicRecorder
{
    private readonly ConcurrentQueue<object> _messages = new();

    private TopicRecorder()
    {
    }

    public IReadOnlyList<object> Messages => [.. _messages];

    /// <summary>A recorder whose subscription the mediator has acknowledged: nothing published after this returns is missed.</summary>
    public static async Task<TopicRecorder> Subscribe(ActorSystem system, string topic)
    {
        var recorder = new TopicRecorder();
        var actor = system.ActorOf(Props.Create(() => new Listener(recorder._messages)));
        await DistributedPubSub.Get(system).Mediator.Ask<SubscribeAck>(new Subscribe(topic, actor), Scenario.Timeout);
        return recorder;
    }

    private sealed class Listener : ReceiveActor
    {
        public Listener(ConcurrentQueue<object> messages) => ReceiveAny(messages.Enqueue);
    }
}
