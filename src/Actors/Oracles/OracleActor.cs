using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Metrics;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Actors.Oracles;

/// <summary>
/// The sharded entity <c>oracle-{market}</c>: persists reports and accepted prices, then publishes
/// each price on <c>price.{market}</c> (after the configured latency). Ignored reports are logged
/// and counted.
/// </summary>
public sealed class OracleActor : EntityActor<OracleState, IOracleEvent>
{
    private static readonly ImmutableTags Tags = new("oracle");

    private readonly MarketId _market;
    private readonly IActorRef _mediator;
    private readonly OracleMetrics _metrics = NodeMetrics.For(Context.System).Oracles;
    private readonly Dictionary<string, long> _ignored = new();
    private readonly NextPriceWaiters _waiters = new();
    private DateTimeOffset _lastLogged = DateTimeOffset.MinValue;

    private readonly OracleParameters? _configured;

    public OracleActor(MarketId market, OracleParameters? parameters, EntityRouter router)
        : base(PersistenceIds.Oracle(market), OracleState.Initial(market, parameters), Tags, router)
    {
        _market = market;
        _configured = parameters;
        _mediator = DistributedPubSub.Get(Context.System).Mediator;
    }

    /// <summary>An oracle's journal grows every second whatever the trading: it recovers from its last checkpoint (<see cref="OracleCheckpoints"/>).</summary>
    protected override bool KeepsSnapshots => true;

    protected override bool IsCheckpoint(IOracleEvent evt) => evt is OracleCheckpointed;

    protected override object Snapshot(OracleState state, string chainHead) => OracleCheckpoints.Snapshot(state, chainHead);

    protected override (OracleState State, string? ChainHead)? Restore(object snapshot) =>
        snapshot is OracleSnapshot s && s.Market == _market ? (OracleCheckpoints.Restore(s, _configured), s.ChainHead) : null;

    protected override bool Vouches(IOracleEvent first, OracleState restored, string chainHead) =>
        first is OracleCheckpointed c && c.ChainHead == chainHead && c.StateHash == OracleCheckpoints.Hash(restored);

    protected override IOracleEvent Sealing(IOracleEvent checkpoint, string chainHead) =>
        checkpoint is OracleCheckpointed c ? c with { ChainHead = chainHead } : checkpoint;

    protected override object KeepAlive => MarketWakeUps.Oracle(_market);

    protected override Akka.Persistence.Journal.Tagged TagsOf(IOracleEvent evt) => Tags.Wrap(evt, ImmutableTags.OfOracle(evt));

    protected override object? Intercept(object message) =>
        message is GetOraclePrice q ? State.View(q.At, new Dictionary<string, long>(_ignored)) : null;

    /// <summary>
    /// A request for the next price waits here, numbered with the latest price the state holds (one
    /// still being written included: nobody has seen it yet, so the request is only later for it).
    /// Its deadline is a timer over the time the caller gives it, since entities read no clock.
    /// </summary>
    protected override bool Holds(object message)
    {
        switch (message)
        {
            case AwaitNextPrice request:
                var key = _waiters.Add(request, State.Sequence, State.ReportsAfter(request.At), Sender);
                var wait = request.Deadline - request.At;
                if (wait > TimeSpan.Zero)
                    Timers.StartSingleTimer(new NextPriceDeadline(key), new NextPriceDeadline(key), wait);
                else
                    _waiters.Expire(key);
                return true;
            case NextPriceDeadline deadline:
                _waiters.Expire(deadline.Key);
                return true;
            case GetNextPriceQueue:
                Sender.Tell(new NextPriceQueue(_market, _waiters.Count));
                return true;
            default:
                return false;
        }
    }

    protected override void OnAnswer(object reply)
    {
        if (reply is not ReportAnswered { IgnoredBecause: { } reason } answered)
            return;
        _ignored[reason] = _ignored.GetValueOrDefault(reason) + 1;
        _metrics.Ignored(_market, reason);
        Log.Info("Oracle {0}: report from {1} ignored ({2}); {3} so far", _market, answered.Source, reason, _ignored[reason]);
    }

    protected override void OnPersisted(IOracleEvent evt, OracleState before, OracleState after)
    {
        switch (evt)
        {
            case PriceAccepted accepted:
                _metrics.Accepted(_market);
                // One line per market every 10 s of event time: enough to watch prices move.
                if (accepted.At - _lastLogged >= TimeSpan.FromSeconds(10))
                {
                    _lastLogged = accepted.At;
                    Log.Info("Oracle {0}: {1} (price #{2}, {3} sources)", _market, accepted.Price, accepted.Sequence, accepted.Sources);
                }

                var inForce = after.MarginWithPrice(accepted.At);
                var parameters = (after.Parameters ?? after.Configured)!;
                var (_, agreeing, _) = OracleRules.Aggregate(after.Latest.Values, accepted.At, parameters);
                // Durable now: the requests made before it, and before a quorum of its reports was observed, execute at it.
                var halt = OracleState.HaltWith(before, accepted, parameters);
                foreach (var key in _waiters.Answer(accepted, inForce, agreeing, parameters.Quorum, halt))
                    Timers.Cancel(new NextPriceDeadline(key));
                var publish = new Publish(PriceUpdated.Topic(_market),
                    new PriceUpdated(_market, accepted.Price, accepted.At, accepted.Sequence)
                    {
                        Margin = inForce, Scale = after.ScaleWithPrice(accepted.At), Since = accepted.Since, AllAfter = accepted.AllAfter, HaltedUntil = halt,
                    });
                var delay = accepted.PublishAt - accepted.At;
                if (delay > TimeSpan.Zero)
                    Context.System.Scheduler.ScheduleTellOnce(delay, _mediator, publish, Self);
                else
                    _mediator.Tell(publish);
                break;
            case CircuitBreakerTripped trip:
                Log.Warning("Oracle {0}: circuit breaker tripped, {1} → {2} ({3:P1}); new risk halted until {4:O}",
                    _market, trip.From, trip.To, trip.Move, trip.Until);
                break;
            case MarginRequirementChanged margin:
                Log.Info("Oracle {0}: maintenance margin {1:P4} → {2:P4} (σ {3} per √s over {4}); liquidations at the new rate from {5:O}",
                    _market, margin.PreviousMaintenance, margin.Maintenance, margin.Sigma, margin.Horizon, margin.GraceUntil);
                break;
            case RiskModelsChanged models:
                Log.Warning("Oracle {0}: risk models taken from the configuration: {1} volatility from returns at least {2} apart (estimated afresh), dynamic margin at z {3} over {4}, maintenance ceiling {5}",
                    _market, models.Volatility.Kind, models.Volatility.SampleEvery, models.Margin.Z, models.Margin.Horizon(TimeSpan.Zero),
                    models.Margin.MaintenanceCeiling?.ToString() ?? "none");
                break;
            case CircuitBreakerReset:
                Log.Info("Oracle {0}: circuit breaker reset", _market);
                break;
        }
    }

    /// <summary>Local timer: a waiter's deadline; never leaves the actor.</summary>
    private sealed record NextPriceDeadline(long Key);
}
