using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Entities;

/// <summary>
/// One kind of sharded entity, a row of <see cref="EntityKinds"/>: everything the shard wiring, the
/// router, the journal fold and the in-process exchange need to know about it, so none of them
/// switches over kinds. The typed row is <see cref="EntityKind{TId, TState, TEvent}"/>.
/// </summary>
public abstract class EntityKind(string name, int shardCount, RegionKey region)
{
    /// <summary>Shard type name and journal tag, and what its persistence ids start with.</summary>
    public string Name { get; } = name;

    /// <summary>Fixed for ever (<see cref="Common.ShardCounts"/>): changing it moves every entity.</summary>
    public int ShardCount { get; } = shardCount;

    public RegionKey Region { get; } = region;

    /// <summary>
    /// Never passivated: a kind with one entity per market whose history every trade or tick grows.
    /// Its recovery replays that whole history, so it must happen once, as the node starts (the
    /// market watch wakes the pools, the feed the oracles), and not again at the first liquidation
    /// of a burst after a quiet spell (2.4 s for the pool of 100,000 positions; docs/BENCHMARKS.md).
    /// </summary>
    public bool StaysAwake { get; init; }

    /// <summary>Where the kind stands in <see cref="EntityKinds.All"/>: its slot in the per-kind arrays.</summary>
    public int Index { get; internal set; }

    /// <summary>The id of the entity of this kind a message is for; null when it names none.</summary>
    public abstract string? EntityIdOf(object message);

    /// <summary>Whether the event is one of this kind's, which its states fold.</summary>
    public abstract bool Owns(ILeverageEvent evt);

    /// <summary>The persistence id of the entity that persists the event; null for another kind's event.</summary>
    public abstract string? PersistenceIdOf(ILeverageEvent evt);

    /// <summary>The actor of the entity with the id the shard extracted, on the node's clock.</summary>
    public abstract Props Props(string entityId, MarketCatalog catalog, EntityRouter router, TimeProvider clock);

    /// <summary>Starts this kind's shard region with its actors and the shared extractor.</summary>
    public AkkaConfigurationBuilder StartRegion(AkkaConfigurationBuilder builder, MarketCatalog catalog, ShardOptions options) =>
        Region.Start(builder, Name,
            // Resolved when an entity starts, by which time every region is registered.
            (registry, clock) => id => Props(id, catalog, EntityRouter.From(registry), clock),
            new EntityMessageExtractor(this), options);

    /// <summary>Applies an event of this kind to its entity's state; false for another kind's event.</summary>
    public abstract bool Fold(EntityStates states, ILeverageEvent evt);

    /// <summary>Runs a message for an entity of this kind through its pure state, as its actor would.</summary>
    public abstract EntityStep Handle(EntityStates states, object message);

    /// <summary>The answer to a request once the saga it started has finished; null while it runs.</summary>
    public abstract object? ReplyFor(EntityStates states, object message, RequestId request);

    /// <summary>Every entity of this kind's outbox, in turn.</summary>
    public abstract IEnumerable<object> Outboxes(EntityStates states);

    internal abstract object NewStates();

    internal abstract void CopyStates(object from, object to);

    public override string ToString() => Name;
}
