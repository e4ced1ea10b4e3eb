using Akka.Actor;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Entities;

/// <summary>
/// A row of <see cref="EntityKinds"/> with its types: how a message names its entity, which entity
/// an event belongs to, the persistence id, the initial state and the actor.
/// </summary>
public sealed class EntityKind<TId, TState, TEvent>(
    string name,
    int shardCount,
    RegionKey region,
    Func<object, TId?> addressee,
    Func<ILeverageEvent, TId?> owner,
    Func<TId, string> persistenceId,
    Func<TId, MarketCatalog, TState> initial,
    Func<TId, MarketCatalog, EntityRouter, TimeProvider, Props> actor) : EntityKind(name, shardCount, region)
    where TId : struct, IStringId<TId>
    where TState : class, IEntityState<TState, TEvent>
    where TEvent : class, ILeverageEvent
{
    /// <summary>The entity of this kind a message is for (by its routing marker); null when none.</summary>
    public TId? AddresseeOf(object message) => addressee(message);

    /// <summary>The entity of this kind an event belongs to; null for another kind's event.</summary>
    public TId? OwnerOf(ILeverageEvent evt) => owner(evt);

    public string PersistenceId(TId id) => persistenceId(id);

    /// <summary>The entity of this kind with the id: where a reply that moves a saga on is sent.</summary>
    public EntityAddress At(TId id) => new(this, id.Value);

    public TState Initial(TId id, MarketCatalog catalog) => initial(id, catalog);

    public override string? EntityIdOf(object message) => addressee(message)?.Value;

    public override bool Owns(ILeverageEvent evt) => owner(evt).HasValue;

    public override string? PersistenceIdOf(ILeverageEvent evt) => owner(evt) is { } id ? persistenceId(id) : null;

    public override Props Props(string entityId, MarketCatalog catalog, EntityRouter router, TimeProvider clock) =>
        actor(TId.From(entityId), catalog, router, clock);

    public override bool Fold(EntityStates states, ILeverageEvent evt)
    {
        if (owner(evt) is not { } id)
            return false;
        var book = states.Of(this);
        book[id] = StateOf(book, id, states.Catalog).Apply((TEvent)evt);
        return true;
    }

    public override EntityStep Handle(EntityStates states, object message)
    {
        var id = addressee(message) ?? throw new ArgumentException($"{message.GetType().Name} names no {Name}", nameof(message));
        var book = states.Of(this);
        var state = StateOf(book, id, states.Catalog);
        var handling = state.Handle(message);
        foreach (var evt in handling.Events)
            state = state.Apply(evt);
        book[id] = state;
        return new EntityStep(persistenceId(id), handling.Events, handling.Reply?.Invoke(state), handling.ReplyTo, handling.Awaits,
            handling.Events.Count > 0 ? state.Outbox : []);
    }

    public override object? ReplyFor(EntityStates states, object message, RequestId request) =>
        addressee(message) is { } id && states.Of(this).TryGetValue(id, out var state) ? state.ReplyFor(request) : null;

    public override IEnumerable<object> Outboxes(EntityStates states) => states.Of(this).Values.SelectMany(s => s.Outbox);

    internal override object NewStates() => new Dictionary<TId, TState>();

    internal override void CopyStates(object from, object to)
    {
        var target = (Dictionary<TId, TState>)to;
        target.Clear();
        foreach (var (id, state) in (Dictionary<TId, TState>)from)
            target[id] = state;
    }

    private TState StateOf(Dictionary<TId, TState> book, TId id, MarketCatalog catalog) =>
        book.TryGetValue(id, out var state) ? state : initial(id, catalog);
}
