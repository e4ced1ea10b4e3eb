using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence.Query;
using LeverageActors.Actors.Common;
using LeverageActors.Messages;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Risk;

namespace LeverageActors.Actors.Deleveraging;

/// <summary>
/// Auto-deleverages one market (<see cref="AdlWatch"/>). Like the risk index it is a projection of
/// the market's journal tag: on start it reads everything, so a restart loses nothing (a reduction
/// recorded and not yet settled keeps the next round waiting), then follows live. Each oracle price
/// after that is measured; the reductions go to the positions through their shard region, and a
/// position's refusal has the next in the ranking asked at once. It persists nothing itself: every
/// fact of a reduction is in the position's events. Its prices come from the oracle's topic only:
/// a position settles a reduction at the price it is given, and a price read from the journal is
/// not the oracle's word (anyone who can write the table can add a row), unlike the risk index's
/// margin checks, which a liquidator settles at its own price.
/// </summary>
public sealed class AutoDeleverager : ReceiveActor, IWithTimers
{
    /// <summary>
    /// A reduction asked for and neither recorded nor refused by then counts as skipped. Long enough
    /// for the journal feed to bring a recorded one: a round that started meanwhile would ask twice.
    /// </summary>
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(60);

    private readonly AdlWatch _watch;
    private readonly IActorRef _positions;
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly JournalProjector _journal;
    private readonly MarketId _market;
    private readonly TimeSpan _maxPriceAge;
    private (long Price, long Observed) _evaluated = (-1, -1);
    private PriceUpdated? _heldTick;
    private PriceUpdated? _lastTick;
    private bool _caughtUp;
    private long _offset;

    /// <param name="followJournal">False in specs that tell it the journal's events themselves.</param>
    public AutoDeleverager(MarketId market, IActorRef positions, TimeProvider clock, TimeSpan maxPriceAge, bool followJournal = true)
    {
        _maxPriceAge = maxPriceAge;
        _market = market;
        _watch = new AdlWatch(market);
        _positions = positions;
        _clock = clock;
        _journal = new JournalProjector(Context);

        Receive<EventEnvelope>(Observe);
        Receive<IJournalFeedMessage>(m => _journal.Handle(m, Sender));
        Receive<PriceUpdated>(OnTick);
        Receive<AutoDeleverageAnswer>(a =>
        {
            if (!a.Started)
            {
                _log.Info("ADL {0}: position {1} skipped in round {2} ({3})", _market, a.PositionId, a.Round, a.Skipped);
                Send(_watch.Skipped(a.PositionId, a.Round, _clock.GetUtcNow()));
            }
        });
        Receive<GetDeleveragerStatus>(q => Sender.Tell(new DeleveragerStatus(_market, Running: true, _caughtUp, _watch.Observed)));
        Receive<SubscribeAck>(_ => { });
        Receive<EvaluateAgain>(_ =>
        {
            if (_caughtUp && _lastTick is { } last)
                Evaluate(last);
        });

        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(PriceUpdated.Topic(market), Self));
        _caughtUp = !followJournal;
        if (followJournal)
            _journal.Follow(ImmutableTags.Market(_market), 0, live: false, Observe, OnCaughtUp);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// The journal reaches this actor a little after the price that made its events matter: the last
    /// price is measured again, while fresh, whenever the journal has moved since.
    /// </summary>
    protected override void PreStart() =>
        Timers.StartPeriodicTimer(EvaluateAgain.Instance, EvaluateAgain.Instance, TimeSpan.FromSeconds(1));

    private void Observe(EventEnvelope envelope)
    {
        if (envelope.Offset is Sequence sequence)
        {
            if (sequence.Value <= _offset)
                return;
            _offset = sequence.Value;
        }

        if (envelope.Event is ILeverageEvent evt)
            _watch.Observe(evt);
    }

    private void OnCaughtUp()
    {
        _caughtUp = true;
        _journal.Follow(ImmutableTags.Market(_market), _offset, live: true, Observe);
        if (_heldTick is { } tick)
            OnTick(tick);
        _heldTick = null;
    }

    private void OnTick(PriceUpdated tick)
    {
        if (!_caughtUp)
        {
            if (_heldTick is null || tick.Sequence > _heldTick.Sequence)
                _heldTick = tick;
            return;
        }

        if (_lastTick is not null && tick.Sequence <= _lastTick.Sequence)
            return;
        _lastTick = tick;
        Evaluate(tick);
    }

    private void Evaluate(PriceUpdated tick)
    {
        var now = _clock.GetUtcNow();
        if (_evaluated == (tick.Sequence, _watch.Observed) || now - tick.At > _maxPriceAge)
            return;
        _evaluated = (tick.Sequence, _watch.Observed);
        var commands = _watch.OnTick(tick, now, AskTimeout);
        if (commands.Count > 0 && _watch.Round is { LpLoss: { } loss } lossRound)
            _log.Warning("ADL {0}: insurance fund {1} exhausted and the LPs' loss of the day {2} past its limit at {3} (price #{4}); reducing {5} positions",
                _market, loss.InsuranceFund, loss.Projected(), tick.Price, tick.Sequence, commands.Count);
        else if (commands.Count > 0 && _watch.Round is { } round)
            _log.Warning("ADL {0}: PnL factor {1:F4} above its limit at {2} (price #{3}); reducing {4} positions",
                _market, AdlMath.Factor(round.NetPnl, round.PoolValue), tick.Price, tick.Sequence, commands.Count);
        Send(commands);
    }

    private void Send(IReadOnlyList<AutoDeleverage> commands)
    {
        foreach (var c in commands)
            _positions.Tell(c, Self);
    }

    private sealed class EvaluateAgain
    {
        public static readonly EvaluateAgain Instance = new();
    }
}
