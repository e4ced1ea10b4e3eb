namespace LeverageActors.Actors.Persistence;

/// <summary>
/// A journal row a follower was to be handed and that cannot be decoded (edited in the database,
/// or written by a serializer this node does not have): where it is, so that a follower which may
/// pass over it knows where to read on.
/// </summary>
public sealed class UnreadableJournalRow(long ordering, string persistenceId, Exception cause)
    : Exception($"the journal's row #{ordering} ({persistenceId}) cannot be read: {cause.Message}", cause)
{
    public long Ordering { get; } = ordering;

    public string PersistenceId { get; } = persistenceId;
}
