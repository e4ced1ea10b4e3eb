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
}
