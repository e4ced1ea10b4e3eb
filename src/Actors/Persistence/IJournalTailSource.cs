namespace LeverageActors.Actors.Persistence;

/// <summary>Where a node's <see cref="JournalTail"/> reads new journal rows, engine by engine.</summary>
internal interface IJournalTailSource
{
    /// <summary>
    /// The ordering the tail starts after: every row up to it is visible and no gap below it can
    /// still fill. Gives up waiting for that when <paramref name="stop"/> is cancelled (the node stops).
    /// </summary>
    long Start(CancellationToken stop);

    /// <summary>
    /// Up to <paramref name="page"/> rows after <paramref name="position"/>, in ordering order, with
    /// no row missing before them that could still appear: the tail never reads past a row later.
    /// </summary>
    List<(long Ordering, StoredEvent Row)> ReadAfter(long position, int page);
}
