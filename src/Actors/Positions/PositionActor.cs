using LeverageActors.Actors.Common;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Positions;

/// <summary>The sharded entity <c>position-{id}</c> around <see cref="PositionState"/>.</summary>
public sealed class PositionActor(PositionId id, MarketCatalog catalog, EntityRouter router)
    : EntityActor<PositionState, IPositionEvent>(PersistenceIds.Position(id), PositionState.Initial(id, catalog), Tags, router)
{
    private static readonly ImmutableTags Tags = new("position");

    protected override object KeepAlive => new GetPosition(id, null, null);

    protected override Akka.Persistence.Journal.Tagged TagsOf(IPositionEvent evt)
    {
        var market = ImmutableTags.Market(evt is PositionOpenRequested opened ? opened.Market : State.Market);
        return evt switch
        {
            PositionBreached => Tags.Wrap(evt, market, ImmutableTags.Breach),
            LiquidationStarted or PositionLiquidated => Tags.Wrap(evt, market, ImmutableTags.Liquidation),
            _ => Tags.Wrap(evt, market),
        };
    }
}
