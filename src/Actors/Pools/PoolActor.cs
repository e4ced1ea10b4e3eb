using Akka.Actor;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Metrics;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Actors.Pools;

/// <summary>The sharded entity <c>pool-{market}</c> around <see cref="PoolState"/>.</summary>
public sealed class PoolActor(MarketId market, MarketCatalog catalog, EntityRouter router)
    : EntityActor<PoolState, IPoolEvent>(PersistenceIds.Pool(market), PoolState.Initial(market, catalog.Find(market)), Tags, router)
{
    private static readonly ImmutableTags Tags = new("pool");

    /// <summary>How long the acknowledgements of recorded settlements gather before one event forgets them, and how many at most.</summary>
    private static readonly TimeSpan ForgetEvery = TimeSpan.FromSeconds(1);
    private const int ForgetAtMost = 500;

    private readonly List<SettlementKey> _received = [];

    private readonly TradingMetrics _metrics = NodeMetrics.For(Context.System).Trading;

    protected override object KeepAlive => MarketWakeUps.Pool(market);

    protected override Akka.Persistence.Journal.Tagged TagsOf(IPoolEvent evt) => Tags.Wrap(evt, ImmutableTags.Market(market));

    /// <summary>
    /// A position's acknowledgement waits here, not in the state, so that a close costs no write of
    /// the pool's: a batch is forgotten in one event (<see cref="ForgetSettlements"/>). A crash loses
    /// the batch, and those answers are kept: memory, never money.
    /// </summary>
    protected override bool Holds(object message)
    {
        switch (message)
        {
            case SettlementReceived r:
                _received.Add(new SettlementKey(r.PositionId, r.Number));
                if (_received.Count >= ForgetAtMost)
                    Forget();
                else if (!Timers.IsTimerActive(ForgetReceived.Instance))
                    Timers.StartSingleTimer(ForgetReceived.Instance, ForgetReceived.Instance, ForgetEvery);
                return true;
            case ForgetReceived:
                Forget();
                return true;
            default:
                return false;
        }
    }

    private void Forget()
    {
        Timers.Cancel(ForgetReceived.Instance);
        if (_received.Count == 0)
            return;
        Self.Tell(new ForgetSettlements([.. _received]));
        _received.Clear();
    }

    /// <summary>Bad debt is counted where it is booked: the pool's settlement, once per settlement.</summary>
    protected override void OnPersisted(IPoolEvent evt, PoolState before, PoolState after)
    {
        if (evt is PositionSettled settled)
            _metrics.BadDebt(settled.Market, settled.Settlement.BadDebt);
    }

    /// <summary>Local timer tick; never leaves the actor.</summary>
    private sealed class ForgetReceived
    {
        public static readonly ForgetReceived Instance = new();
    }
}
