using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Query;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Integrity;
using LeverageActors.Actors.Oracles;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Risk;

namespace LeverageActors.Actors.Liquidation;

/// <summary>
/// Liquidates one market's breached positions. Breaches arrive twice: at once on the
/// <c>breach.{market}</c> topic, and reliably from the journal's <c>breach</c> tag, read from the
/// offset below which every breach is resolved (persisted as <c>liquidator-{market}</c>), so a
/// liquidator that dies mid-burst resumes where it stood and misses none. Each unresolved breach
/// is sent <see cref="Liquidate"/> again at every new price until its position says it is resolved.
/// A liquidation is only ever sent at a fresh oracle price, with its number and time: a liquidator
/// that has none (just started, or the feed paused) asks the oracle instead of reusing the breach's
/// own price, which the position would refuse anyway. Rewards are credited to the liquidator's account.
/// </summary>
public sealed class LiquidatorActor : ReceivePersistentActor, IWithTimers
{
    private readonly MarketId _market;
    private readonly AccountId _account;
    private readonly IActorRef _positions;
    private readonly IActorRef _accounts;
    private readonly IActorRef _oracles;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _maxPriceAge;
    private readonly bool _followJournal;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly JournalProjector _journal;
    private readonly Dictionary<(PositionId, int), Outstanding> _outstanding = new();
    private readonly StreamChain _chain;
    private long _committed;
    private IReadOnlyList<long> _passedOver = [];
    private IReadOnlyList<LateBreach> _late = [];

    /// <summary>
    /// The most rows passed over kept with the offset: past them it commits no further than the first
    /// left out, so a forger who garbles breach rows by the thousand cannot grow every commit without end.
    /// </summary>
    public const int MaxPassedOver = 1_000;

    private readonly int _maxPassedOver;
    private long _seen;
    private long _sent;
    private PriceUpdated? _latest;

    public LiquidatorActor(
        MarketId market, AccountId account, IActorRef positions, IActorRef accounts, IActorRef oracles,
        OracleParameters oracle, TimeProvider clock, bool followJournal = true, JournalQuery? journal = null, int maxPassedOver = MaxPassedOver)
    {
        _maxPassedOver = maxPassedOver;
        _market = market;
        _account = account;
        _positions = positions;
        _accounts = accounts;
        _oracles = oracles;
        _clock = clock;
        _maxPriceAge = OracleRules.MaxPriceAge(oracle);
        _followJournal = followJournal;
        PersistenceId = PersistenceIds.Liquidator(market);
        _chain = new StreamChain(PersistenceId, acceptUnlinked: StreamChain.AcceptsUnlinked(Context.System.Settings.Config));
        _journal = new JournalProjector(Context, journal, readsLate: true);

        Recover<LiquidatorOffsetCommitted>(e =>
        {
            _committed = _seen = e.Offset;
            _passedOver = e.PassedOver ?? [];
            _late = e.Late ?? [];
            _chain.Recovered(e, LastSequenceNr);
        });
        Command<IJournalFeedMessage>(m => _journal.Handle(m, Sender));
        Command<BreachNotice>(n => Track(n.PositionId, n.Breach, n.BorrowIndex, offset: null));
        Command<CommitNow>(_ => Commit());
        Command<PriceUpdated>(OnPrice);
        Command<OraclePriceResponse>(r =>
        {
            if (r.Price is { } price && r.PriceAt is { } at)
                OnPrice(new PriceUpdated(r.Market, price, at, r.Sequence) { Margin = r.Margin });
        });
        Command<AskOracleAgain>(_ => { });
        Command<LiquidationAnswer>(OnAnswer);
        Command<GetLiquidatorStatus>(_ => Sender.Tell(new LiquidatorStatus(_market, _outstanding.Count, _committed, _sent)));
        Command<SubscribeAck>(_ => { });
        Command<AccountCommandAccepted>(_ => { });
        Command<AccountCommandRejected>(_ => { });
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void OnReplaySuccess()
    {
        var mediator = DistributedPubSub.Get(Context.System).Mediator;
        mediator.Tell(new Subscribe(BreachNotice.Topic(_market), Self));
        mediator.Tell(new Subscribe(PriceUpdated.Topic(_market), Self));
        // The reward account exists before the first reward; a fixed request id makes this idempotent.
        _accounts.Tell(new OpenAccount(_account, RequestId.From("open-liquidator-account"), DateTimeOffset.UnixEpoch));
        if (_followJournal)
            FollowBreaches();
    }

    private void FollowBreaches()
    {
        _journal.Follow(ImmutableTags.Breach, _committed, live: true, OnJournal);
        foreach (var ordering in _passedOver)
            _journal.PassedOverBefore(ordering, ImmutableTags.Breach);
        // Sent again at the first price, as before a restart, not when a look reaches their rows.
        foreach (var late in _late)
            Track(late.PositionId, late.Breach, late.BorrowIndex, late.Offset);
        _log.Info("Liquidator {0}: following breaches from journal offset {1}", _market, _committed);
    }

    private void OnJournal(EventEnvelope envelope)
    {
        var offset = envelope.Offset is Sequence s ? s.Value : 0;
        _seen = Math.Max(_seen, offset);
        if (envelope.Event is PositionBreached breach && breach.Market == _market)
        {
            Track(breach.PositionId, breach.Breach, breach.BorrowIndex, offset);
            // Read late (below the offset), it changes what the commit keeps: passed over no more, a breach late instead.
            if (offset <= _committed)
                CommitSoon();
        }
        else
            CommitSoon();
    }

    private void Track(PositionId position, int breach, decimal borrowIndex, long? offset)
    {
        var key = (position, breach);
        if (_outstanding.TryGetValue(key, out var known))
        {
            if (offset is not null && known.Offset is null)
                _outstanding[key] = known with { Offset = offset };
            return;
        }

        var outstanding = new Outstanding(position, breach, borrowIndex, offset);
        _outstanding[key] = outstanding;
        Send(outstanding);
    }

    private void OnPrice(PriceUpdated price)
    {
        if (_latest is not null && price.Sequence <= _latest.Sequence)
            return;
        _latest = price;
        foreach (var outstanding in _outstanding.Values)
            Send(outstanding);
    }

    private void Send(Outstanding o)
    {
        var now = _clock.GetUtcNow();
        if (_latest is not { } latest || now - latest.At > _maxPriceAge)
        {
            AskOracle(now);
            return;
        }

        _positions.Tell(new Liquidate(o.Position, o.Breach, _account, latest.Price, latest.Sequence, latest.At, o.BorrowIndex, now)
            { Margin = latest.Margin }, Self);
        _sent++;
    }

    /// <summary>At most one question to the oracle a second, however many breaches wait for a price.</summary>
    private void AskOracle(DateTimeOffset now)
    {
        if (Timers.IsTimerActive(AskOracleAgain.Instance))
            return;
        Timers.StartSingleTimer(AskOracleAgain.Instance, AskOracleAgain.Instance, TimeSpan.FromSeconds(1));
        _oracles.Tell(new GetOraclePrice(_market, now));
    }

    private void OnAnswer(LiquidationAnswer answer)
    {
        if (answer.PriceRefused)
            AskOracle(_clock.GetUtcNow());
        if (!answer.Resolved || !_outstanding.Remove((answer.PositionId, answer.Breach)))
            return;
        CommitSoon();
    }

    /// <summary>Commits at most once a second: a burst of a thousand resolutions is one write.</summary>
    private void CommitSoon()
    {
        if (!Timers.IsTimerActive(CommitNow.Instance))
            Timers.StartSingleTimer(CommitNow.Instance, CommitNow.Instance, TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// Moves the stored offset up to just below the oldest breach still unresolved, past the rows it
    /// could not read: those are kept with it (<see cref="LiquidatorOffsetCommitted.PassedOver"/>, up to
    /// <see cref="MaxPassedOver"/>) for its next incarnation to look at again, with the breaches read
    /// late and not yet resolved (<see cref="LiquidatorOffsetCommitted.Late"/>), which it sends again.
    /// Capped below the first such row, one kept unreadable for good pinned the offset, and every
    /// start read and sent every breach since it again (a read-only review).
    /// </summary>
    private void Commit()
    {
        var pending = _outstanding.Values.Where(o => o.Offset > _committed).Select(o => o.Offset!.Value).DefaultIfEmpty(long.MaxValue).Min();
        var safe = Math.Max(_committed, pending == long.MaxValue ? _seen : pending - 1);
        // Rows at or below the offset already are kept whole (a row dropped there would never be read again); the cap holds the offset back instead.
        var kept = _journal.PassedOver.Where(o => o <= _committed).ToList();
        var beyond = _journal.PassedOver.Where(o => o > _committed && o <= safe).ToList();
        var room = Math.Max(0, _maxPassedOver - kept.Count);
        if (beyond.Count > room)
            safe = Math.Max(_committed, beyond[room] - 1);
        List<long> passedOver = [.. kept, .. beyond.Where(o => o <= safe)];
        List<LateBreach> late =
        [
            .. _outstanding.Values.Where(o => o.Offset <= safe).OrderBy(o => o.Offset)
                .Select(o => new LateBreach(o.Position, o.Breach, o.BorrowIndex, o.Offset!.Value)),
        ];
        if (safe == _committed && passedOver.SequenceEqual(_passedOver) && late.SequenceEqual(_late))
            return;
        _committed = safe;
        (_passedOver, _late) = (passedOver, late);
        PersistAsync(_chain.Seal(new LiquidatorOffsetCommitted(_market, safe)
        {
            PassedOver = passedOver.Count > 0 ? passedOver : null,
            Late = late.Count > 0 ? late : null,
        }), _ => { });
    }

    /// <summary>
    /// The chain already links the rejected offset: the next row would link to a row the journal does
    /// not have, and every recovery after would fail on it. The market watch restarts the liquidator,
    /// which recovers its chain (and offset) from what the journal holds.
    /// </summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr) =>
        throw new InvalidOperationException($"{PersistenceId}: the journal rejected {@event.GetType().Name} #{sequenceNr}; starting again from the journal", cause);

    private sealed record Outstanding(PositionId Position, int Breach, decimal BorrowIndex, long? Offset);

    private sealed class CommitNow
    {
        public static readonly CommitNow Instance = new();
    }

    private sealed class AskOracleAgain
    {
        public static readonly AskOracleAgain Instance = new();
    }
}
