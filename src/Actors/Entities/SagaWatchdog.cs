using Akka.Actor;
using Akka.Event;
using LeverageActors.Actors.Accounts;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Oracles;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Risk;

namespace LeverageActors.Actors.Entities;

/// <summary>
/// After a node is lost, entities that were mid-saga sleep in the journal and nothing would wake
/// them. Once per start of the cluster singleton that hosts it, the watchdog replays the journal
/// of the positions and accounts through their pure states and wakes, through their regions, each
/// one whose outbox is not empty; recovery then re-sends what was in flight. Of the oracles, whose
/// one saga is a halt not yet delivered to its pool, it reads only the halt records (tag
/// <c>halt</c>): an oracle's journal grows every second whatever the trading, and replaying it here
/// grew the start-up by seconds per day of prices (docs/BENCHMARKS.md, "A day of prices").
/// </summary>
public sealed class SagaWatchdog : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private JournalFold? _fold;
    private readonly JournalProjector _journal;
    private readonly EntityRouter _router;
    private int _feedsRunning;
    private SagaWatchdogStatus _status = new(Searched: false, Woken: 0);

    public SagaWatchdog(MarketCatalog catalog, EntityRouter router)
    {
        _fold = new JournalFold(catalog);
        _router = router;
        // Read once at start: a row it could not decode is read at the next start, not every minute (a whole journal's read each time).
        _journal = new JournalProjector(Context, rereadUnreadable: false);
        // A feed that fails for good fails the watchdog: its supervisor restarts it, and it reads the journal again.
        Receive<IJournalFeedMessage>(m => _journal.Handle(m, Sender));
        Receive<GetSagaWatchdogStatus>(_ => Sender.Tell(_status));
    }

    protected override void PreStart()
    {
        foreach (var tag in new[] { "position", "account", ImmutableTags.Halt })
        {
            _feedsRunning++;
            _journal.Follow(tag, 0, live: false, e => _fold!.Apply((ILeverageEvent)e.Event), OnFeedCaughtUp);
        }
    }

    private void OnFeedCaughtUp()
    {
        if (--_feedsRunning > 0)
            return;
        var fold = _fold!;
        var woken = 0;
        foreach (var p in fold.Positions.Values.Where(p => p.Outbox.Count > 0))
        {
            _router.Tell(new GetPosition(p.Id, null, null), ActorRefs.Nobody);
            woken++;
        }

        foreach (var a in fold.Accounts.Values.Where(a => a.Outbox.Count > 0))
        {
            _router.Tell(new GetAccountBalance(a.Id), ActorRefs.Nobody);
            woken++;
        }

        foreach (var o in fold.Oracles.Values.Where(o => o.Outbox.Count > 0))
        {
            _router.Tell(MarketWakeUps.Oracle(o.Market), ActorRefs.Nobody);
            woken++;
        }

        _log.Info("Saga watchdog: {0} entities with unfinished sagas woken", woken);
        _status = new SagaWatchdogStatus(Searched: true, Woken: woken);
        // Cleared dictionaries would keep their capacity (about 37 B a position, 37 MB at 1,000,000) for the node's life.
        _fold = null;
    }
}
