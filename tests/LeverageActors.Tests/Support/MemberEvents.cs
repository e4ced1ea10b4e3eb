using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster;

namespace LeverageActors.Tests.Support;

/// <summary>Every membership change one node sees, from the state it had when recording began.</summary>
public sealed class MemberEvents : IDisposable
{
    private readonly ActorSystem _system;
    private readonly IActorRef _recorder;
    private readonly Channel<ClusterEvent.IMemberEvent> _events = Channel.CreateUnbounded<ClusterEvent.IMemberEvent>();
    private readonly List<ClusterEvent.IMemberEvent> _seen = [];

    public MemberEvents(ActorSystem system)
    {
        _system = system;
        _recorder = system.ActorOf(Props.Create(() => new Recorder(_events.Writer)));
    }

    /// <summary>The next event that is <paramref name="wanted"/>, skipping others.</summary>
    public async Task<ClusterEvent.IMemberEvent> Next(Func<ClusterEvent.IMemberEvent, bool> wanted, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            var next = await _events.Reader.ReadAsync(cancel.Token);
            _seen.Add(next);
            if (wanted(next))
                return next;
        }
    }

    /// <summary>Every member any event so far was about.</summary>
    public IReadOnlySet<Address> MembersSeen()
    {
        while (_events.Reader.TryRead(out var next))
            _seen.Add(next);
        return _seen.Select(e => e.Member.Address).ToHashSet();
    }

    public void Dispose() => _system.Stop(_recorder);

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(ChannelWriter<ClusterEvent.IMemberEvent> events)
        {
            Receive<ClusterEvent.IMemberEvent>(e => events.TryWrite(e));
        }

        protected override void PreStart() =>
            Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));

        protected override void PostStop() => Cluster.Get(Context.System).Unsubscribe(Self);
    }
}
