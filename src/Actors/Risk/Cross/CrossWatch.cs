using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence.Query;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Metrics;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Risk;

namespace LeverageActors.Actors.Risk.Cross;

/// <summary>
/// Watches the cross accounts (issue 16 item 4, docs/CROSS-WATCH.md): the thin actor around a
/// <see cref="CrossRiskBook"/>. It follows the accounts' journal (tag <c>account</c>): an account
/// appears with its first cross event, and on each event of a watched account it asks the account
/// for its exposure at the current marks and re-centres its bands on the answer. On each fresh tick
/// it sends <see cref="CheckCrossAccount"/> to exactly the accounts whose band the tick reached, and
/// to every account still under liquidation, and asks those it reached for their exposure again.
/// Interest lowers a surplus between events, so every watched account is also asked again every
/// <see cref="CrossWatchSettings.RefreshEvery"/>. It keeps nothing of its own: on a restart it reads
/// the accounts' journal again from the start and asks each account that ever held a cross position.
/// </summary>
public sealed class CrossWatch : ReceiveActor, IWithTimers
{
    private readonly AccountId _liquidator;
    private readonly IActorRef _accounts;
    private readonly IActorRef _pools;
    private readonly IActorRef _oracles;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _refreshEvery;
    private readonly IReadOnlyList<MarketId> _markets;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CrossWatchMetrics _metrics = NodeMetrics.For(Context.System).Cross;
    private readonly JournalProjector _journal;
    private readonly CrossMarks _marks;
    private readonly CrossRiskBook _book = new();
    /// <summary>Accounts with a cross event in the journal read before catching up: each is asked once then.</summary>
    private readonly HashSet<AccountId> _found = new();
    private readonly HashSet<AccountId> _watched = new();
    private readonly HashSet<AccountId> _underLiquidation = new();
    private readonly HashSet<AccountId> _asking = new();
    private readonly HashSet<AccountId> _askAgain = new();
    /// <summary>The round (tick or timer) each account was last checked in: at most one check a round.</summary>
    private readonly Dictionary<AccountId, long> _checkedIn = new();
    private HashSet<MarketId> _marked = new();
    private long _round;
    private bool _caughtUp;
    private long _offset;
    private long _checksSent;
    private long _refreshes;

    public CrossWatch(
        MarketCatalog catalog, AccountId liquidator, IActorRef accounts, IActorRef pools, IActorRef oracles, TimeProvider clock, TimeSpan refreshEvery,
        bool followJournal = true, JournalQuery? journal = null)
    {
        _liquidator = liquidator;
        _accounts = accounts;
        _pools = pools;
        _oracles = oracles;
        _clock = clock;
        _refreshEvery = refreshEvery;
        _markets = [.. catalog.Markets.Keys];
        _marks = new CrossMarks(_markets.ToDictionary(m => m, m => Oracles.OracleRules.MaxPriceAge(catalog.Oracle(m) ?? OracleParameters.Default)));
        _caughtUp = !followJournal;
        _journal = new JournalProjector(Context, journal);

        Receive<EventEnvelope>(Observe);
        Receive<IJournalFeedMessage>(m => _journal.Handle(m, Sender));
        Receive<PriceUpdated>(OnTick);
        Receive<OraclePriceResponse>(r =>
        {
            if (r.Price is { } price && r.PriceAt is { } at)
                OnTick(new PriceUpdated(r.Market, price, at, r.Sequence) { Margin = r.Margin, HaltedUntil = r.HaltedUntil > at ? r.HaltedUntil : null });
        });
        Receive<PoolStateResponse>(OnPool);
        Receive<CrossExposureResponse>(OnExposure);
        Receive<CrossAccountChecked>(OnChecked);
        Receive<RefreshAll>(_ => OnRefreshAll());
        Receive<GetCrossWatchStatus>(_ => Sender.Tell(Status()));
        Receive<SubscribeAck>(_ => { });

        var mediator = DistributedPubSub.Get(Context.System).Mediator;
        foreach (var market in _markets)
            mediator.Tell(new Subscribe(PriceUpdated.Topic(market), Self));
        if (followJournal)
            _journal.Follow(AccountTag, 0, live: false, Observe, OnCaughtUp);
    }

    /// <summary>The tag every account event carries (<c>AccountActor</c>).</summary>
    public const string AccountTag = "account";

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        // Off (zero) leaves interest to the accounts' own events and ticks: only for tests and tools.
        if (_refreshEvery > TimeSpan.Zero)
            Timers.StartPeriodicTimer(RefreshAll.Instance, RefreshAll.Instance, _refreshEvery);
        AskMarks(_clock.GetUtcNow());
    }

    protected override void PostStop() => _metrics.Watched(-_watched.Count);

    /// <summary>The events that make an account a cross account, or change what a cross account holds.</summary>
    public static bool IsCrossEvent(object e) =>
        e is CrossPositionAdmitted or CrossPositionConfirmed or CrossMarginDrawn or CrossPositionSettled;

    private void Observe(EventEnvelope envelope)
    {
        if (envelope.Offset is Sequence sequence)
        {
            // Each event once: a stream that outlived a restart may still deliver old ones.
            if (sequence.Value <= _offset)
                return;
            _offset = sequence.Value;
        }

        if (!envelope.PersistenceId.StartsWith(PersistenceIds.AccountPrefix, StringComparison.Ordinal))
            return;
        var account = AccountId.From(envelope.PersistenceId[PersistenceIds.AccountPrefix.Length..]);
        if (!_caughtUp)
        {
            if (IsCrossEvent(envelope.Event))
                _found.Add(account);
            return;
        }

        // Every event of a watched account may move its surplus (a deposit, a withdrawal, a
        // liquidation step): its bands are computed again.
        // An account whose first answer is still on its way counts as watched: its answer may predate the event.
        if (IsCrossEvent(envelope.Event) || _watched.Contains(account) || _asking.Contains(account) || _underLiquidation.Contains(account))
            Ask(account);
    }

    private void OnCaughtUp()
    {
        _caughtUp = true;
        _log.Info("Cross watch: {0} accounts held cross positions (journal offset {1}); asking each for its exposure", _found.Count, _offset);
        _journal.Follow(AccountTag, _offset, live: true, Observe);
        foreach (var account in _found)
            Ask(account);
        _found.Clear();
    }

    private void OnTick(PriceUpdated tick)
    {
        var now = _clock.GetUtcNow();
        if (!_marks.Take(tick) || !_marks.IsFresh(tick, now))
            return;
        var raised = _marks.RaisesMargin(tick);
        _round++;
        // At the watcher's own clock, as a refresh asks: the answers are ordered by it (CrossMarks.TakeIndex).
        _pools.Tell(new GetPoolState(tick.Market, null, now) { AllProviders = false });
        if (!_caughtUp)
            return;
        RefreshedAllOnNewMarks(now);
        if (raised)
            AskEveryone();
        foreach (var account in _book.Crossed(tick.Market, tick.Price))
        {
            Check(account, now);
            Ask(account);
        }

        foreach (var account in _underLiquidation.ToList())
            Check(account, now);
    }

    private void OnPool(PoolStateResponse pool)
    {
        _marks.TakeIndex(pool);
        if (_caughtUp)
            RefreshedAllOnNewMarks(_clock.GetUtcNow());
    }

    /// <summary>
    /// An account is asked at the marks there are; one exposed to a market without a fresh price and
    /// index got no band there. When such a market gets its mark (a feed back from a pause, the
    /// first index after a start), every watched account is asked again, so none stays unbanded in it.
    /// </summary>
    private void RefreshedAllOnNewMarks(DateTimeOffset now)
    {
        var marked = _marks.At(now).Select(m => m.Market).ToHashSet();
        var grew = !marked.IsSubsetOf(_marked);
        _marked = marked;
        if (grew)
            AskEveryone();
    }

    private void OnRefreshAll()
    {
        if (!_caughtUp)
            return;
        var now = _clock.GetUtcNow();
        _round++;
        AskMarks(now);
        // An answer lost on the way would leave its account never asked again: forget what is in flight.
        _asking.Clear();
        _askAgain.Clear();
        _marked = _marks.At(now).Select(m => m.Market).ToHashSet();
        AskEveryone();
    }

    /// <summary>Every watched account, and every one whose answer is on its way (it may come at the old marks).</summary>
    private void AskEveryone()
    {
        foreach (var account in _watched.Union(_asking).ToList())
            Ask(account);
    }

    /// <summary>
    /// Every pool's index, and every oracle's latest price: a watcher just started (or moved to
    /// another node) values accounts at once instead of waiting for each market's next tick.
    /// </summary>
    private void AskMarks(DateTimeOffset now)
    {
        foreach (var market in _markets)
        {
            _pools.Tell(new GetPoolState(market, null, now) { AllProviders = false });
            _oracles.Tell(new GetOraclePrice(market, now));
        }
    }

    /// <summary>One question in flight per account; events meanwhile make one more after its answer.</summary>
    private void Ask(AccountId account)
    {
        if (!_asking.Add(account))
        {
            _askAgain.Add(account);
            return;
        }

        _accounts.Tell(new GetCrossExposure(account, _marks.At(_clock.GetUtcNow())));
    }

    private void OnExposure(CrossExposureResponse answer)
    {
        var account = answer.AccountId;
        _asking.Remove(account);
        _refreshes++;
        _metrics.Refreshed();
        var now = _clock.GetUtcNow();
        if (!answer.Watched)
        {
            if (_watched.Remove(account))
                _metrics.Watched(-1);
            _book.Remove(account);
            _checkedIn.Remove(account);
        }
        else
        {
            if (_watched.Add(account))
                _metrics.Watched(1);
            var exposure = new CrossExposure(account, answer.Surplus, [.. answer.Markets.Select(m => new MarketExposure(m.Market, m.Price, m.Sensitivity))]);
            // A tick that came while the question was in flight may already lie outside the new bands.
            if (_book.Refresh(exposure) || !InsideBands(account, now))
                Check(account, now);
        }

        if (_askAgain.Remove(account))
            Ask(account);
    }

    private bool InsideBands(AccountId account, DateTimeOffset now) =>
        _book.BandsOf(account).All(b => _marks.FreshPrice(b.Market, now) is not { } price || b.Holds(price));

    private void OnChecked(CrossAccountChecked answer)
    {
        if (answer.UnderLiquidation)
            _underLiquidation.Add(answer.AccountId);
        else
            _underLiquidation.Remove(answer.AccountId);
        Ask(answer.AccountId);
    }

    /// <summary>At the marks of now; never without a fresh one, and once a round at most.</summary>
    private void Check(AccountId account, DateTimeOffset now)
    {
        if (_checkedIn.TryGetValue(account, out var round) && round == _round)
            return;
        var marks = _marks.At(now);
        if (marks.Count == 0)
            return;
        _checkedIn[account] = _round;
        _accounts.Tell(new CheckCrossAccount(account, marks, _liquidator, now) { Halted = _marks.Halted(now) });
        _checksSent++;
        _metrics.Checked();
    }

    private CrossWatchStatus Status() =>
        new(true, _caughtUp, _watched.Count, _book.Count, _underLiquidation.Count, _offset, _checksSent, _refreshes,
            [.. _watched.Select(a => a.Value).Order(StringComparer.Ordinal).Take(1_000)]);

    private sealed class RefreshAll
    {
        public static readonly RefreshAll Instance = new();
    }
}
