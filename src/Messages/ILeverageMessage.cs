namespace LeverageActors.Messages;

/// <summary>
/// Root marker of every command, event, query and reply. It is the one type bound to
/// <see cref="Serialization.LeverageSerializer"/>, so nothing of ours reaches the wire or the
/// journal through a default serializer.
/// </summary>
public interface ILeverageMessage;

/// <summary>An event persisted in the journal: the long-lived schema.</summary>
public interface ILeverageEvent : ILeverageMessage;
