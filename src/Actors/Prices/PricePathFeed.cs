using Akka.Actor;
using Akka.Event;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Prices;

/// <summary>
/// Replays a price path into the oracles, each point reported by every configured source of its
/// market, paced by the path's own times divided by <c>speed</c>; it starts over at the end. The
/// reports carry the node's clock at sending, as a live source's would.
/// </summary>
public sealed class PricePathFeed : ReceiveActor, IWithTimers
{
    private readonly IReadOnlyList<PricePoint> _path;
    private readonly IActorRef _oracles;
    private readonly MarketCatalog _catalog;
    private readonly decimal _speed;
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private int _next;

    public PricePathFeed(IReadOnlyList<PricePoint> path, IActorRef oracles, MarketCatalog catalog, decimal speed, TimeProvider clock)
    {
        _path = path;
        _oracles = oracles;
        _catalog = catalog;
        _speed = speed;
        _clock = clock;
        Receive<Tick>(_ => Emit());
        Receive<ReportAnswered>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        _log.Info("Price feed: replaying {0} points at {1}x", _path.Count, _speed);
        // Prices sent while the shard regions hand off would keep them waiting: stop first.
        var self = Self;
        CoordinatedShutdown.Get(Context.System).AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "stop-price-feed",
            async () =>
            {
                await self.GracefulStop(TimeSpan.FromSeconds(5));
                return Akka.Done.Instance;
            });
        if (_path.Count > 0)
            Self.Tell(Tick.Instance);
    }

    private void Emit()
    {
        var now = _clock.GetUtcNow();
        var time = _path[_next].Time;
        while (_next < _path.Count && _path[_next].Time == time)
        {
            var point = _path[_next++];
            foreach (var source in _catalog.Oracle(point.Market)?.Sources ?? [])
                _oracles.Tell(new ReportPrice(point.Market, source, point.Price, now, now));
        }

        if (_next >= _path.Count)
            _next = 0;
        var gap = _next == 0 ? TimeSpan.FromSeconds(1) : TimeSpan.FromTicks((long)((_path[_next].Time - time).Ticks / _speed));
        Timers.StartSingleTimer(Tick.Instance, Tick.Instance, gap < TimeSpan.Zero ? TimeSpan.Zero : gap);
    }

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}
