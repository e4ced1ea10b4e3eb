using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence.Query;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Deleveraging;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Pools;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Risk;

namespace LeverageActors.Actors.Risk;

/// <summary>
/// Watches every open position of one market. It is a projection of the market's journal
/// (tag <c>market:{id}</c>): on start it reads everything, so a restart or a move to another node
/// loses no position, then follows new events live. On each price it sends
/// <see cref="CheckMargin"/> through the position region to the positions whose threshold the
/// price crossed, and to nobody else. Interest lowers every position's equity between its events,
/// so thresholds are also computed again on a timer (<see cref="DefaultRefreshInterval"/>), and the last
/// price, while fresh, is checked against them: a market without ticks cannot drift past them.
/// Prices come on their topic, and from the journal too when the topic loses one (<see cref="JournalPrices"/>):
/// their own tag (<see cref="ImmutableTags.Prices"/>), followed from the newest price written when the
/// index starts, so a start does not decode the market's whole price history.
/// Unless the market's configuration switched it off, it runs the market's auto-deleveraging too
/// (<see cref="AutoDeleverager"/>), on the same fold (<see cref="MarketFold"/>), after its own checks of each price.
/// Once caught up, it tells the market's pool, once a second, which settlements' answers their positions
/// have recorded, those its catch-up found still kept included (<see cref="RecordedSettlements"/>), so the
/// pool can forget them.
/// </summary>
public sealed class MarketRiskIndex : ReceiveActor, IWithTimers
{
    /// <summary>How often interest is brought into the thresholds when no tick does it.</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromSeconds(10);

    private readonly TimeSpan _refreshInterval;

    private readonly MarketId _market;
    private readonly IActorRef _positions;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _maxPriceAge;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly JournalProjector _journal;
    private readonly MarketFold _fold = new();
    private readonly ScaledRiskBook _book = new();
    private readonly RiskWarnings _warnings;
    private readonly TriggerBook _triggers = new();
    /// <summary>Null when the market runs none, or after it failed (<see cref="Deleverage"/>).</summary>
    private AutoDeleverager? _deleverager;
    private readonly FundingWatch _funding = new();
    private readonly RecordedSettlements _recorded;
    /// <summary>The pools' region, told what the positions recorded; null: told nothing (specs of the index alone).</summary>
    private readonly IActorRef? _pools;
    private readonly JournalPrices _journalPrices;
    /// <summary>The newest price taken from the journal because the topic had not brought it: the topic's late copy is not checked again.</summary>
    private long _takenFromJournal = -1;
    /// <summary>
    /// The last price came from the journal, not from the oracle. A journal row is not the oracle's
    /// word (anyone who can write the table can add one): it drives margin checks only, whose every
    /// breach a liquidator settles at its own price from the oracle, never a trigger, which its
    /// position executes at the price it is given.
    /// </summary>
    private bool _lastTickFromJournal;
    private PriceUpdated? _heldTick;
    private PriceUpdated? _lastTick;
    private bool _caughtUp;
    private long _offset;
    /// <summary>The prices' feed is a stream of its own: its offsets interleave with the market's.</summary>
    private long _pricesOffset;
    private long _checksSent;
    private decimal _thresholdIndex = 1m;
    /// <summary>The market's dynamic maintenance requirement (issue 17) the rows are computed at, and the price it came with.</summary>
    private readonly RequirementInForce _requirement = new();

    public MarketRiskIndex(
        MarketId market, MarketCatalog catalog, IActorRef positions, TimeProvider clock, bool followJournal = true, TimeSpan? refreshInterval = null,
        TimeSpan? topicGrace = null, IActorRef? pools = null)
    {
        _pools = pools;
        _journalPrices = new JournalPrices(topicGrace ?? TopicGrace);
        _refreshInterval = refreshInterval ?? DefaultRefreshInterval;
        _market = market;
        _positions = positions;
        _clock = clock;
        _maxPriceAge = Oracles.OracleRules.MaxPriceAge(catalog.Oracle(market) ?? OracleParameters.Default);
        _caughtUp = !followJournal;
        _recorded = new RecordedSettlements(_caughtUp);
        _warnings = new RiskWarnings(catalog.Oracle(market)?.Margin?.PredictiveInForce.AtRiskSigmas);
        _journal = new JournalProjector(Context);
        if (catalog.AdlEnabled(market))
            _deleverager = new AutoDeleverager(market, _fold, positions, Self, clock, _maxPriceAge, _log);
        if (!followJournal)
            Deleverage(d => d.CaughtUp());

        Receive<EventEnvelope>(Observe);
        Receive<IJournalFeedMessage>(m => _journal.Handle(m, Sender));
        Receive<PriceUpdated>(tick =>
        {
            if (tick.Sequence > _takenFromJournal)
            {
                _journalPrices.Heard(tick.Sequence);
                OnTick(tick);
            }

            // The oracle's own word, even when the journal's copy was checked first.
            Deleverage(d => d.OnTick(tick));
        });
        Receive<AutoDeleverageAnswer>(a => Deleverage(d => d.Answered(a)));
        Receive<EvaluateAgain>(_ => Deleverage(d => d.EvaluateAgain()));
        Receive<GetDeleveragerStatus>(_ =>
            Sender.Tell(_deleverager?.Status ?? new DeleveragerStatus(_market, Running: false, CaughtUp: false, Observed: 0)));
        Receive<RefreshNow>(_ => OnRefresh());
        Receive<TellRecorded>(_ => TellPoolRecorded());
        Receive<TopicMissed>(_ => OnTopicMissed());
        Receive<SubscribeAck>(_ => { });
        Receive<GetRiskIndexStatus>(_ => Sender.Tell(new RiskIndexStatus(_market, _book.Count, _caughtUp, _offset, _checksSent, _thresholdIndex)
            { Triggers = _triggers.Count }));
        Receive<GetRiskProfile>(_ => Sender.Tell(Profile()));

        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(PriceUpdated.Topic(market), Self));
        if (followJournal)
        {
            _journal.Follow(ImmutableTags.Market(_market), 0, live: false, Observe, OnCaughtUp);
            _journal.Follow(ImmutableTags.Prices(_market), JournalQueries.FromNewest, live: true, ObservePrices);
        }
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer(RefreshNow.Instance, RefreshNow.Instance, _refreshInterval);
        if (_deleverager is not null)
            Timers.StartPeriodicTimer(EvaluateAgain.Instance, EvaluateAgain.Instance, AutoDeleverager.EvaluateEvery);
        if (_pools is not null)
            Timers.StartPeriodicTimer(TellRecorded.Instance, TellRecorded.Instance, TellRecordedEvery);
    }

    private static readonly TimeSpan TellRecordedEvery = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Everything gathered, a batch a message. Only once caught up: the history a catch-up reads
    /// would wake the pool before its time (<see cref="MarketWatch"/>); what the catch-up found
    /// recorded and still kept goes when it ends (<see cref="RecordedSettlements"/>).
    /// </summary>
    private void TellPoolRecorded()
    {
        if (_pools is null || !_caughtUp)
            return;
        while (_recorded.Take() is { } recorded)
            _pools.Tell(new SettlementsRecorded(_market, recorded));
    }

    private WatchedPositions Open => _fold.Open;

    /// <summary>
    /// One step of the market's auto-deleveraging. A failure there stops the deleveraging alone, as
    /// when it was an actor of its own, and not this index's margin checks: a restart would refold
    /// the whole journal (49 s at 1,000,000 positions) without liquidations, and fail again on the same
    /// events. It stays off, and its status says so, until the index starts again.
    /// </summary>
    private void Deleverage(Action<AutoDeleverager> step) => Deleverage(step, static (d, step) => step(d));

    /// <summary>The same with the step's inputs passed in, so that a step per event allocates no closure.</summary>
    private void Deleverage<TInput>(TInput input, Action<AutoDeleverager, TInput> step)
    {
        if (_deleverager is not { } deleverager)
            return;
        try
        {
            step(deleverager, input);
        }
        catch (Exception e)
        {
            _deleverager = null;
            _log.Error(e, "ADL {0} failed and is off until this risk index starts again; margin checks go on", _market);
        }
    }

    private Borrowing Pool => _fold.Pool;

    private void Observe(EventEnvelope envelope)
    {
        if (envelope.Offset is Sequence sequence)
        {
            // Each event once: a stream that outlived a restart may still deliver old ones.
            if (sequence.Value <= _offset)
                return;
            _offset = sequence.Value;
        }

        switch (envelope.Event)
        {
            case IPoolEvent e:
                _fold.Apply(e);
                if (_pools is not null)
                    _recorded.Observe(e);
                _funding.Observe(e);
                Deleverage(e, static (d, evt) => d.Watch.Folded(evt));
                break;
            case IPositionEvent e:
                if (_pools is not null)
                {
                    _recorded.Observe(e);
                    if (_recorded.Full)
                        TellPoolRecorded();
                }

                var before = _deleverager is null ? null : Open.Find(e.PositionId);
                if (Open.Apply(e) is not { } position)
                    break;
                Deleverage((e, before, position), static (d, folded) => d.Watch.Folded(folded.e, folded.before, folded.position));
                _warnings.Observe(e, position.IsLive);
                Track(position);
                TrackTriggers(e, position);
                break;
            case MarginRequirementChanged e:
                // The record of a price taken from the journal may be read after it: that price is checked again as published.
                var retaken = _journalPrices.Observe(e) && _lastTick?.Sequence == _takenFromJournal;
                if (retaken)
                    _lastTick = _journalPrices.Retaken();
                if (RequirementIs(e.Maintenance, e.PriceSequence, new RiskScale(e.Sigma, e.Horizon)) || retaken)
                    CheckLastTickAgain();
                break;
            // Rows written before prices had a tag of their own.
            case PriceAccepted e:
                Observe(e);
                break;
        }
    }

    private void ObservePrices(EventEnvelope envelope)
    {
        if (envelope.Offset is Sequence sequence)
        {
            if (sequence.Value <= _pricesOffset)
                return;
            _pricesOffset = sequence.Value;
        }

        if (envelope.Event is PriceAccepted accepted)
            Observe(accepted);
    }

    private void Observe(PriceAccepted accepted)
    {
        // Only a fresh price can be acted on: the history a catch-up reads is not kept.
        if (_clock.GetUtcNow() - accepted.At > _maxPriceAge)
            return;
        _journalPrices.Observe(accepted, Context.System.Scheduler.MonotonicClock);
        if (_caughtUp)
            AwaitTopic();
    }

    private void Track(RiskPosition position)
    {
        // Rows are computed at the newest index known, never at an older one than the rest.
        if (RiskThreshold.Base(position, Math.Max(Pool.BorrowIndex, _thresholdIndex), _funding.Latest) is not { } row)
        {
            _book.Remove(position.Id);
            return;
        }

        _book.Upsert(row);
        // The journal reaches the index a little after the event is written: a position that
        // opened (or lost collateral) just before the last tick is checked against it now.
        if (_caughtUp && _lastTick is { } tick && _warnings.Crosses(_book, position.Id, tick.Price))
            Check([position.Id], tick, Pool.AccruedTo(tick.At).BorrowIndex);
    }

    /// <summary>
    /// A trigger placed after the last tick already reached, or one its position could not execute
    /// while another request of its owner ran (that request's events come here too), is noted at the
    /// last tick, to execute at the next.
    /// </summary>
    private void TrackTriggers(IPositionEvent evt, RiskPosition position)
    {
        _triggers.Observe(evt, position);
        if (_caughtUp && _lastTick is { } tick && !_lastTickFromJournal)
            _triggers.NoteCrossed(position.Id, tick.Price, tick.Sequence);
    }

    /// <summary>
    /// Each trigger an earlier tick reached goes to its position with that crossing and this tick, the
    /// first price after it, to execute at; the position executes it once, so a trigger sent again on a
    /// later tick, before its execution reached this index, does nothing.
    /// </summary>
    private void Execute(IEnumerable<(PositionId Position, int Trigger, TriggerCrossing Crossing)> due, PriceUpdated tick)
    {
        var now = _clock.GetUtcNow();
        foreach (var (position, trigger, crossing) in due)
            _positions.Tell(new ExecuteTrigger(position, trigger, tick.Price, tick.Sequence, tick.At, now) { Crossing = crossing });
    }

    private void OnCaughtUp()
    {
        _caughtUp = true;
        _log.Info("Risk index {0}: watching {1} open positions (journal offset {2})", _market, _book.Count, _offset);
        Context.Parent.Tell(new RiskIndexCaughtUp(_market));
        _recorded.CaughtUp();
        TellPoolRecorded();
        _journal.Follow(ImmutableTags.Market(_market), _offset, live: true, Observe);
        if (_heldTick is { } tick)
            OnTick(tick);
        _heldTick = null;
        Deleverage(d => d.CaughtUp());
        // A price published while this index started (on a node the topic's registry had not reached
        // yet) is in the journal: it is checked unless the topic brings it.
        AwaitTopic();
    }

    /// <summary>
    /// How long past a price's publication the topic has to bring it before the journal's copy is
    /// taken. The topic delivers in milliseconds and the journal's reader polls every 100 ms, so the
    /// copy from the journal nearly always comes second; the wait only matters when the topic lost it.
    /// </summary>
    public static readonly TimeSpan TopicGrace = TimeSpan.FromMilliseconds(500);

    private long LastSequence => _lastTick?.Sequence ?? -1;

    /// <summary>The journal holds prices the topic has not brought: look again when the first falls due.</summary>
    private void AwaitTopic()
    {
        if (_journalPrices.NextDue is not { } due || Timers.IsTimerActive(TopicMissed.Instance))
            return;
        var wait = due - Context.System.Scheduler.MonotonicClock;
        Timers.StartSingleTimer(TopicMissed.Instance, TopicMissed.Instance, wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
    }

    /// <summary>
    /// The topic did not bring a price of the journal in time: the index checks the newest such price
    /// as the oracle published it, while it is fresh enough to act on (a position refuses an older one anyway).
    /// </summary>
    private void OnTopicMissed()
    {
        if (_journalPrices.Overdue(Context.System.Scheduler.MonotonicClock) is { } missed
            && missed.Sequence > LastSequence && _clock.GetUtcNow() - missed.At <= _maxPriceAge)
        {
            _log.Warning("Risk index {0}: price #{1} ({2}) taken from the journal, its topic did not bring it in time",
                _market, missed.Sequence, missed.Price);
            _takenFromJournal = missed.Sequence;
            OnTick(missed, fromJournal: true);
        }

        AwaitTopic();
    }

    private void OnTick(PriceUpdated tick, bool fromJournal = false)
    {
        if (!_caughtUp)
        {
            if (_heldTick is null || tick.Sequence > _heldTick.Sequence)
                _heldTick = tick;
            return;
        }

        if (_lastTick is null || tick.Sequence >= _lastTick.Sequence)
            (_lastTick, _lastTickFromJournal) = (tick, fromJournal);
        // One accrual per tick, shared by the refresh and the checks.
        var index = Pool.AccruedTo(tick.At).BorrowIndex;
        if (tick.Margin is { } margin)
            RequirementIs(margin.Maintenance, tick.Sequence, tick.Scale);
        RefreshThresholdsIfInterestMoved(index, tick.At);
        var crossed = Crossed(tick.Price).ToList();
        if (crossed.Count > 0)
            Check(crossed, tick, index);
        if (fromJournal)
            return;
        // After the margin checks: a price that breaches a position liquidates it before its trigger executes.
        Execute(_triggers.Due(tick.Sequence, tick.NextAfter), tick);
        _triggers.NoteCrossed(tick.Price, tick.Sequence);
    }

    /// <summary>
    /// On the timer: interest to now, and the last price checked again against thresholds that
    /// moved, as long as that price is fresh enough to act on.
    /// </summary>
    private void OnRefresh()
    {
        if (!_caughtUp)
            return;
        var now = _clock.GetUtcNow();
        var index = Pool.AccruedTo(now).BorrowIndex;
        if (!RefreshThresholdsIfInterestMoved(index, now) || _lastTick is not { } tick || now - tick.At > _maxPriceAge)
            return;
        var crossed = Crossed(tick.Price).ToList();
        if (crossed.Count > 0)
            Check(crossed, tick with { At = now }, index);
    }

    /// <summary>
    /// Interest lowers every position's equity as time passes, while rows are recomputed only on a
    /// position's own events. When the pool's borrow index has grown by more than
    /// <see cref="RefreshEvery"/> since the thresholds were last computed, all are computed again.
    /// </summary>
    private bool RefreshThresholdsIfInterestMoved(decimal index, DateTimeOffset at)
    {
        var interestMoved = index >= _thresholdIndex * (1 + RefreshEvery);
        // Funding moves equity too (FundingWatch): either is a reason to compute the rows again.
        if (!_funding.MovedAt(at) && !interestMoved)
            return false;
        _thresholdIndex = Math.Max(index, _thresholdIndex);
        Recompute(_thresholdIndex);
        return true;
    }

    private void Recompute(decimal index)
    {
        foreach (var position in Open.All)
            if (RiskThreshold.Base(position, index, _funding.Latest) is { } row)
                _book.Upsert(row);
    }

    /// <summary>
    /// The positions a price reached: past their liquidation threshold, or (predictive liquidation)
    /// within the warning level or warned already. The warning rows lie beyond the liquidation rows,
    /// so they find both.
    /// </summary>
    private IEnumerable<PositionId> Crossed(decimal price) => _warnings.Crossed(_book, price);

    /// <summary>
    /// The requirement moved (on a price that carries it, or from the oracle's record in the journal,
    /// whichever comes first): every row moves to it at once, and so do the warning rows when σ moved.
    /// The rows are kept before the requirement (<see cref="ScaledRiskBook"/>), so that is one divisor
    /// per book and side, not one row per position; a tick then finds exactly the rows computing each
    /// again would. Interest is not brought in here: that stays the refresh's (on a tick or the timer).
    /// </summary>
    private bool RequirementIs(decimal maintenance, long priceSequence, RiskScale? scale) =>
        _requirement.Takes(maintenance, priceSequence, scale, _warnings, _book);

    /// <summary>
    /// 0.01% of index growth. The thresholds' cushion (<see cref="RiskThreshold.Cushion"/>) is 0.25% of
    /// notional at the default maintenance, a few days of interest at high utilization; a refresh
    /// comes long before it is used up, on a tick or on the timer.
    /// </summary>
    private const decimal RefreshEvery = 0.0001m;

    /// <summary>After rows moved: the last price, while fresh, against them.</summary>
    private void CheckLastTickAgain()
    {
        if (!_caughtUp || _lastTick is not { } tick || _clock.GetUtcNow() - tick.At > _maxPriceAge)
            return;
        var crossed = Crossed(tick.Price).ToList();
        if (crossed.Count > 0)
            Check(crossed, tick, Pool.AccruedTo(tick.At).BorrowIndex);
    }

    private void Check(IReadOnlyList<PositionId> positions, PriceUpdated tick, decimal index)
    {
        foreach (var id in positions)
            _positions.Tell(new CheckMargin(id, tick.Price, index, tick.Sequence, tick.At)
            {
                Margin = tick.Margin,
                Scale = tick.Scale,
                FundingIndex = _funding.IndexFor(Open.Find(id)?.Side, tick.At),
            });
        _checksSent += positions.Count;
    }

    /// <summary>
    /// The public profile, for dashboards that poll. Its fold visits every open position, and this
    /// actor is also on the liquidation path: one profile serves every asker while neither the price
    /// nor the journal moved, and for <see cref="ProfileReuse"/> at most when they keep moving.
    /// </summary>
    private RiskProfile Profile()
    {
        var key = (_lastTick?.Sequence ?? -1, _offset, _caughtUp);
        var now = Context.System.Scheduler.Now;
        if (_profile is not null && (key == _profileKey || now - _profileAt < ProfileReuse))
            return _profile;
        _profile = RiskProfiles.Of(_market, _caughtUp, Open.All, _lastTick,
            _lastTick is { } tick ? Pool.AccruedTo(tick.At).BorrowIndex : Pool.BorrowIndex);
        _profileKey = key;
        _profileAt = now;
        return _profile;
    }

    private static readonly TimeSpan ProfileReuse = TimeSpan.FromSeconds(1);
    private RiskProfile? _profile;
    private (long, long, bool) _profileKey;
    private DateTimeOffset _profileAt;

    private sealed class TopicMissed
    {
        public static readonly TopicMissed Instance = new();
    }

    private sealed class RefreshNow
    {
        public static readonly RefreshNow Instance = new();
    }

    private sealed class TellRecorded
    {
        public static readonly TellRecorded Instance = new();
    }

    private sealed class EvaluateAgain
    {
        public static readonly EvaluateAgain Instance = new();
    }
}
