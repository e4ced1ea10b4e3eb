using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
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

namespace LeverageActors.Actors.Entities;

/// <summary>
/// After a node is lost, entities that were mid-saga sleep in the journal and nothing would wake
/// them. Once per start of the cluster singleton that hosts it, the watchdog replays the journal
/// of the entities that run sagas through their pure states and wakes, through their regions,
/// each one whose outbox is not empty; recovery then re-sends what was in flight.
/// </summary>
public sealed class SagaWatchdog : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<PositionId, PositionState> _positions = new();
    private readonly Dictionary<AccountId, AccountState> _accounts = new();
    private readonly Dictionary<MarketId, OracleState> _oracles = new();
    private readonly Guid _stream = Guid.NewGuid();
    private int _streamsRunning;

    public SagaWatchdog(MarketCatalog catalog, EntityRouter router)
    {
        Receive<StreamEvent>(s =>
        {
            if (s.Stream != _stream)
                return;
            var e = s.Envelope;
            switch (e.Event)
            {
                case IPositionEvent p:
                    _positions[p.PositionId] = (_positions.GetValueOrDefault(p.PositionId) ?? PositionState.Initial(p.PositionId, catalog)).Apply(p);
                    break;
                case IAccountEvent or IAccountTransferEvent:
                    var id = e.Event is IAccountEvent a ? a.AccountId : ((IAccountTransferEvent)e.Event).AccountId;
                    _accounts[id] = (_accounts.GetValueOrDefault(id) ?? AccountState.Initial(id)).Apply((ILeverageEvent)e.Event);
                    break;
                case IOracleEvent o:
                    _oracles[o.Market] = (_oracles.GetValueOrDefault(o.Market) ?? OracleState.Initial(o.Market, catalog.Oracle(o.Market))).Apply(o);
                    break;
            }
        });
        Receive<StreamDone>(done =>
        {
            if (done.Stream != _stream || --_streamsRunning > 0)
                return;
            var woken = 0;
            foreach (var p in _positions.Values.Where(p => p.Outbox.Count > 0))
            {
                router.Tell(new GetPosition(p.Id, null, null), ActorRefs.Nobody);
                woken++;
            }

            foreach (var a in _accounts.Values.Where(a => a.Outbox.Count > 0))
            {
                router.Tell(new GetAccountBalance(a.Id), ActorRefs.Nobody);
                woken++;
            }

            foreach (var o in _oracles.Values.Where(o => o.Outbox.Count > 0))
            {
                router.Tell(new GetOraclePrice(o.Market, DateTimeOffset.MinValue), ActorRefs.Nobody);
                woken++;
            }

            _log.Info("Saga watchdog: {0} entities with unfinished sagas woken", woken);
            _positions.Clear();
            _accounts.Clear();
            _oracles.Clear();
        });
        // Failing makes the supervisor restart it, and the watchdog reads the journal again.
        Receive<JournalStreamFailed>(f =>
        {
            if (f.Stream == _stream)
                throw new InvalidOperationException("Saga watchdog could not read the journal", f.Cause);
        });
    }

    protected override void PreStart()
    {
        foreach (var tag in new[] { "position", "account", "oracle" })
        {
            _streamsRunning++;
            JournalStreams.Follow(Context, tag, Offset.NoOffset(), live: false, _stream, new StreamDone(_stream));
        }
    }

    private sealed record StreamDone(Guid Stream);
}
