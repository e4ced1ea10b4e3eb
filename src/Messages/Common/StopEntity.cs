namespace LeverageActors.Messages.Common;

/// <summary>
/// What a shard sends an entity it passivates or hands off. The entity re-sends its unacknowledged
/// saga messages once more before stopping; their answers wake it up again through its region.
/// </summary>
public sealed record StopEntity : ILeverageMessage;
