using Akka.Actor;
using Akka.Event;
using Akka.Cluster.Tools.PublishSubscribe;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Metrics;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions;

/// <summary>The sharded entity <c>position-{id}</c> around <see cref="PositionState"/>.</summary>
public sealed class PositionActor(PositionId id, MarketCatalog catalog, EntityRouter router, TimeProvider clock)
    : EntityActor<PositionState, IPositionEvent>(PersistenceIds.Position(id), PositionState.Initial(id, catalog), Tags, router, clock)
{
    private readonly IActorRef _mediator = DistributedPubSub.Get(Context.System).Mediator;
    private readonly TradingMetrics _metrics = NodeMetrics.For(Context.System).Trading;

    /// <summary>
    /// A persisted breach goes straight to the market's liquidators (the journal is their safety
    /// net); opens, closes and liquidations go to the live feed.
    /// </summary>
    protected override void OnPersisted(IPositionEvent evt, PositionState before, PositionState after)
    {
        switch (evt)
        {
            case PositionBreached breach:
                _metrics.Breached(breach.Market);
                Log.Info("Position {0} ({1}) breached maintenance at {2}: {3}", breach.PositionId, breach.Market, breach.Price,
                    $"equity {Messages.Common.Money.Payout(breach.Equity)} < {Messages.Common.Money.Charge(breach.Maintenance)}");
                _mediator.Tell(new Publish(BreachNotice.Topic(breach.Market),
                    new BreachNotice(breach.PositionId, breach.Market, breach.Breach, breach.Price, breach.BorrowIndex, breach.At)));
                break;
            case PositionLiquidated done:
                var st = done.Settlement;
                Log.Info("Position {0} liquidated {1}: {2}",
                    done.PositionId, after.Status == PositionStatus.Liquidated ? "fully" : "partly",
                    $"penalty {st.Penalty} ({st.LiquidatorReward} to the liquidator), payout {st.Payout}, shortfall {st.Shortfall}, bad debt {st.BadDebt}");
                break;
            case CrossPositionLiquidated cross:
                Log.Info("Cross position {0} liquidated {1} by its account's liquidation #{2}: penalty {3} ({4} to the liquidator), payout {5} to the account",
                    cross.PositionId, after.Status == PositionStatus.Liquidated ? "fully" : "partly", cross.Liquidation,
                    cross.Settlement.Penalty, cross.Settlement.LiquidatorReward, cross.Settlement.Payout);
                break;
        }

        if (PositionActivityOf.Event(evt, before, after) is { } activity)
        {
            _metrics.Record(activity, fully: after.Status == PositionStatus.Liquidated);
            _mediator.Tell(new Publish(PositionActivity.Topic(activity.Market), activity));
        }
    }

    private static readonly ImmutableTags Tags = new("position");

    protected override bool Defers(object message) => State.Defers(message);

    protected override object? Overdue(object message) => State.Overdue(message);

    protected override object? Lapse(DateTimeOffset now) => State.Lapse(now);

    protected override bool MayLapse => State.MayLapse;

    protected override object? Intercept(object message) =>
        message is OpenPosition or AddCollateral ? State.Late(message, Now) : null;

    protected override object KeepAlive => new GetPosition(id, null, null);

    protected override Akka.Persistence.Journal.Tagged TagsOf(IPositionEvent evt)
    {
        var market = ImmutableTags.Market(evt is PositionOpenRequested opened ? opened.Market : State.Market);
        return evt switch
        {
            PositionBreached => Tags.Wrap(evt, market, ImmutableTags.Breach),
            LiquidationStarted or PositionLiquidated or CrossLiquidationStarted or CrossPositionLiquidated => Tags.Wrap(evt, market, ImmutableTags.Liquidation),
            _ => Tags.Wrap(evt, market),
        };
    }
}
