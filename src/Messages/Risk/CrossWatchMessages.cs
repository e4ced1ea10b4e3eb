namespace LeverageActors.Messages.Risk;

/// <summary>What the cross-account watcher (docs/CROSS-WATCH.md) knows now: answered with <see cref="CrossWatchStatus"/>.</summary>
public sealed record GetCrossWatchStatus : ILeverageMessage
{
    public static readonly GetCrossWatchStatus Instance = new();
}

/// <summary>
/// <c>Running</c> is false on a node whose cross margin is off (<c>Accounts:CrossMargin:Enabled</c>).
/// <c>CaughtUp</c>: it has read the accounts' journal and asked every cross account it found for its
/// exposure. <c>Watched</c>: accounts a price can liquidate; <c>Banded</c>: those with a band in some
/// market; <c>UnderLiquidation</c>: those checked again at every tick until they answer they are not.
/// </summary>
public sealed record CrossWatchStatus(
    bool Running, bool CaughtUp, int Watched, int Banded, int UnderLiquidation, long Offset, long ChecksSent, long Refreshes,
    IReadOnlyList<string> WatchedAccounts) : ILeverageMessage
{
    public static readonly CrossWatchStatus Off = new(false, false, 0, 0, 0, 0, 0, 0, []);
}
