namespace LeverageActors.Messages.Risk;

/// <summary>Whether the saga watchdog has searched the journal since it last started: answered with <see cref="SagaWatchdogStatus"/>.</summary>
public sealed record GetSagaWatchdogStatus : ILeverageMessage
{
    public static readonly GetSagaWatchdogStatus Instance = new();
}

/// <summary>
/// <c>Searched</c>: the watchdog has read the journal to its end and woken the <c>Woken</c> entities
/// it found with unfinished sagas. False while it reads, and before it starts: it waits for the risk
/// indexes to catch up, and starts again when a member leaves. Until then the node is still doing
/// its start-up work (the watchdog folds every position, account and oracle).
/// </summary>
public sealed record SagaWatchdogStatus(bool Searched, int Woken) : ILeverageMessage;
