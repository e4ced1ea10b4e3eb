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
    private readonly JournalFold _fold;
    private readonly Guid _stream = Guid.NewGuid();
    private int _streamsRunning;

    public SagaWatchdog(MarketCatalog catalog, EntityRouter router)
    {
        _fold = new JournalFold(catalog);
        Receive<StreamEvent>(s =>
        {
            if (s.Stream == _stream)
                _fold.Apply((ILeverageEvent)s.Envelope.Event);
        });
        Receive<StreamDone>(done =>
        {
            if (done.Stream != _stream || --_streamsRunning > 0)
                return;
            var woken = 0;
            foreach (var p in _fold.Positions.Values.Where(p => p.Outbox.Count > 0))
            {
                router.Tell(new GetPosition(p.Id, null, null), ActorRefs.Nobody);
                woken++;
            }

            foreach (var a in _fold.Accounts.Values.Where(a => a.Outbox.Count > 0))
            {
                router.Tell(new GetAccountBalance(a.Id), ActorRefs.Nobody);
                woken++;
            }

            foreach (var o in _fold.Oracles.Values.Where(o => o.Outbox.Count > 0))
            {
                router.Tell(new GetOraclePrice(o.Market, DateTimeOffset.MinValue), ActorRefs.Nobody);
                woken++;
            }

            _log.Info("Saga watchdog: {0} entities with unfinished sagas woken", woken);
            _fold.Positions.Clear();
            _fold.Accounts.Clear();
            _fold.Oracles.Clear();
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
