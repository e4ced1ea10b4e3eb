using LeverageActors.Actors.Markets;
using LeverageActors.Messages;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Entities;

/// <summary>
/// The pure states of every kind of entity, by id: what a journal folds to and what the in-process
/// exchange runs. New entities start from their kind's initial state for the catalog.
/// </summary>
public sealed class EntityStates(MarketCatalog catalog)
{
    private readonly object[] _byKind = [.. EntityKinds.All.Select(k => k.NewStates())];

    public MarketCatalog Catalog => catalog;

    public Dictionary<TId, TState> Of<TId, TState, TEvent>(EntityKind<TId, TState, TEvent> kind)
        where TId : struct, IStringId<TId>
        where TState : class, IEntityState<TState, TEvent>
        where TEvent : class, ILeverageEvent =>
        (Dictionary<TId, TState>)_byKind[kind.Index];

    /// <summary>Throws these states away and takes a copy of <paramref name="other"/>'s.</summary>
    public void ReplaceWith(EntityStates other)
    {
        foreach (var kind in EntityKinds.All)
            kind.CopyStates(other._byKind[kind.Index], _byKind[kind.Index]);
    }
}
