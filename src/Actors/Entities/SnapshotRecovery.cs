namespace LeverageActors.Actors.Entities;

/// <summary>
/// One recovery's account of snapshots (<see cref="EntityActor{TState, TEvent}"/>): where it started,
/// whether the journal has vouched for the snapshot yet, the events it replayed, and the last
/// checkpoint it replayed past, whose snapshot it saves if the store had none as recent (a journal
/// written without its snapshots, one refused, or one lost with its row heals at the next recovery).
/// </summary>
internal sealed class SnapshotRecovery<TState>
{
    /// <summary>The sequence number of the snapshot the recovery started from; 0: the journal's start.</summary>
    public long StartedAt { get; private set; }

    /// <summary>The snapshot, until the event after it vouched for it.</summary>
    public bool Unvouched { get; private set; }

    public long Replayed { get; private set; }

    /// <summary>The state before the last checkpoint replayed, its chain's link, and the sequence number before it.</summary>
    public (TState State, string ChainHead, long SequenceNr)? Passed { get; private set; }

    public void Started(long sequenceNr)
    {
        StartedAt = sequenceNr;
        Unvouched = true;
    }

    public void Vouched() => Unvouched = false;

    public void Replaying() => Replayed++;

    public void PassedCheckpoint(TState before, string chainHead, long sequenceNr) => Passed = (before, chainHead, sequenceNr - 1);

    /// <summary>The checkpoint passed, if it is later than the snapshot the recovery started from.</summary>
    public (TState State, string ChainHead, long SequenceNr)? ToSave => Passed is { } p && p.SequenceNr > StartedAt ? p : null;
}
