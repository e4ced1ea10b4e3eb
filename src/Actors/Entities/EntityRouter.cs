using Akka.Actor;
using Akka.Hosting;

namespace LeverageActors.Actors.Entities;

/// <summary>
/// Delivers messages between entities through their shard regions (never to an actor ref that
/// may have passivated), so a message to a sleeping entity wakes it. A command goes to the entity
/// its routing marker names; a reply goes to the entity its handling names (<see cref="EntityAddress"/>).
/// </summary>
public sealed class EntityRouter
{
    private readonly IActorRef[] _regions;

    /// <param name="regions">Each kind's region, in the order of <see cref="EntityKinds.All"/>.</param>
    public EntityRouter(IReadOnlyList<IActorRef> regions)
    {
        if (regions.Count != EntityKinds.All.Count)
            throw new ArgumentException($"{EntityKinds.All.Count} regions expected, one per entity kind", nameof(regions));
        _regions = [.. regions];
    }

    /// <summary>A router over the regions the registry holds; every kind's must be registered.</summary>
    public static EntityRouter From(IReadOnlyActorRegistry registry) =>
        new([.. EntityKinds.All.Select(k => k.Region.Get(registry))]);

    /// <summary>A router once every kind's region is registered.</summary>
    public static async Task<EntityRouter> FromAsync(IReadOnlyActorRegistry registry, CancellationToken token)
    {
        var regions = new List<IActorRef>(EntityKinds.All.Count);
        foreach (var kind in EntityKinds.All)
            regions.Add(await kind.Region.GetAsync(registry, token));
        return new EntityRouter(regions);
    }

    /// <summary>A command, to the entity its routing marker names.</summary>
    public void Tell(object message, IActorRef sender) => RegionOf(message).Tell(message, sender);

    /// <summary>A reply, to the entity its handling named.</summary>
    public void Tell(EntityAddress entity, object message, IActorRef sender) =>
        _regions[entity.Kind.Index].Tell(entity.Carrying(message), sender);

    /// <summary>The shard region of the entity the message names.</summary>
    public IActorRef RegionOf(object message) =>
        EntityKinds.AddresseeOf(message) is { } kind
            ? _regions[kind.Index]
            : throw new ArgumentException($"{message.GetType().Name} names no entity", nameof(message));
}
