namespace LeverageActors.Actors.Entities;

/// <summary>
/// One entity, by its row of <see cref="EntityKinds"/> and its id: made with
/// <c>EntityKinds.Position.At(id)</c>, so only an id of the kind's own type can name one.
/// </summary>
public sealed record EntityAddress : Recipient
{
    internal EntityAddress(EntityKind kind, string entityId)
    {
        Kind = kind;
        EntityId = entityId;
    }

    public EntityKind Kind { get; }

    public string EntityId { get; }

    /// <summary>
    /// The message as this entity's region receives it: the region finds the entity by the
    /// message's own routing marker, which must name this entity.
    /// </summary>
    public object Carrying(object message) =>
        Kind.EntityIdOf(message) == EntityId
            ? message
            : throw new ArgumentException(
                $"{message.GetType().Name} names {Kind.Name} '{Kind.EntityIdOf(message)}', not the addressed '{EntityId}'", nameof(message));

    public override string ToString() => $"{Kind.Name}-{EntityId}";
}
