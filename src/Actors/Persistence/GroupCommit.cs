using System.Threading.Channels;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// Group commit across entities on one thread: every write that arrives while a transaction
/// commits goes into the next transaction together. A transaction that fails is rolled back and
/// its writes are tried again one transaction each, so only the write that cannot go in (a
/// sequence number already taken, by a second incarnation of the same entity) fails, never the
/// other entities' writes it shared the transaction with. Once one of an incarnation's writes fails,
/// its later writes fail without being tried (<see cref="Broken"/>): committed, they would leave a gap
/// in its stream, or fork it, that a recovery would replay as a state no incarnation decided.
/// </summary>
internal sealed class GroupCommit : IDisposable
{
    /// <summary>Rows in one transaction at most: a burst is written in several rather than one long transaction.</summary>
    private const int MaxRows = 5_000;

    private readonly Channel<PendingWrite> _pending = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<IReadOnlyList<StoredEvent>> _inOneTransaction;
    private readonly Task _loop;

    /// <summary>
    /// The first sequence number of each incarnation's (persistence id and writer) failed write. An
    /// incarnation whose write failed is stopped by Akka and recovers as a new one, whose writes start
    /// where the journal ends and pass: only the failed incarnation's writes after it are refused.
    /// Touched by the writer thread alone.
    /// </summary>
    private readonly Dictionary<(string PersistenceId, string Writer), long> _broken = new();

    /// <summary>
    /// The incarnations in <see cref="_broken"/> in the order their first write failed, with when, and
    /// how many writes had been taken then: every write of theirs on its way was among those.
    /// </summary>
    private readonly Queue<((string PersistenceId, string Writer) Incarnation, long FailedAt, long TakenBefore)> _brokenSince = new();

    /// <summary>Writes taken (<see cref="Write"/>, any thread) and read from the queue (the writer thread).</summary>
    private long _taken;
    private long _read;

    /// <summary>Incarnations kept at least this long after their write failed: its later writes were sent before it stopped, and reach the writer long before.</summary>
    private static readonly TimeSpan BrokenKept = TimeSpan.FromMinutes(10);

    /// <summary>Past this many, the incarnations kept longer than <see cref="BrokenKept"/> are forgotten.</summary>
    private const int BrokenForgottenAbove = 10_000;

    /// <param name="inOneTransaction">Writes the rows in one transaction, all or none; throws when it could not.</param>
    public GroupCommit(Action<IReadOnlyList<StoredEvent>> inOneTransaction)
    {
        _inOneTransaction = inOneTransaction;
        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>One atomic write: all its rows commit together or none does.</summary>
    public Task Write(IReadOnlyList<StoredEvent> rows)
    {
        var write = new PendingWrite(rows, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Interlocked.Increment(ref _taken);
        if (!_pending.Writer.TryWrite(write))
            write.Done.SetException(new InvalidOperationException("The journal writer has stopped"));
        return write.Done.Task;
    }

    private void Run()
    {
        var batch = new List<PendingWrite>();
        var rows = new List<StoredEvent>();
        while (_pending.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (rows.Count < MaxRows && _pending.Reader.TryRead(out var write))
            {
                _read++;
                batch.Add(write);
                rows.AddRange(write.Rows);
            }

            Commit(batch, rows);
            batch.Clear();
            rows.Clear();
        }
    }

    private void Commit(List<PendingWrite> batch, List<StoredEvent> rows)
    {
        if (_broken.Count > 0 && batch.Any(Broken))
        {
            batch.RemoveAll(FailedAfterBreak);
            rows.Clear();
            rows.AddRange(batch.SelectMany(w => w.Rows));
            if (batch.Count == 0)
                return;
        }

        try
        {
            _inOneTransaction(rows);
            foreach (var write in batch)
                write.Done.SetResult();
            return;
        }
        catch (Exception) when (batch.Count > 1)
        {
            // One write spoiled the transaction for all: each again on its own.
        }
        catch (Exception e)
        {
            Break(batch[0]);
            batch[0].Done.SetException(e);
            return;
        }

        foreach (var write in batch)
        {
            if (FailedAfterBreak(write))
                continue;
            try
            {
                _inOneTransaction(write.Rows);
                write.Done.SetResult();
            }
            catch (Exception e)
            {
                Break(write);
                write.Done.SetException(e);
            }
        }
    }

    /// <summary>Whether a write comes after a failed write of the same incarnation.</summary>
    private bool Broken(PendingWrite write) =>
        write.Rows.Any(r => _broken.TryGetValue((r.PersistenceId, r.WriterUuid), out var from) && r.SequenceNr > from);

    private bool FailedAfterBreak(PendingWrite write)
    {
        if (!Broken(write))
            return false;
        Break(write);
        write.Done.SetException(new InvalidOperationException(
            $"An earlier write of {write.Rows[0].PersistenceId} by the same incarnation failed: this one would leave a gap in its stream."));
        return true;
    }

    /// <summary>
    /// Records the write's incarnation as broken. Only incarnations broken long ago, and none of whose
    /// writes can still be queued, are ever forgotten: the table was cleared whole at 10,000, and an
    /// outage failing that many writes forgot the incarnation that had failed a moment before, whose
    /// next write, still queued, then committed past the gap and froze the entity's recovery for good
    /// (a review; and its review: a queue retried write by write can take longer than any age).
    /// </summary>
    private void Break(PendingWrite write)
    {
        var now = Environment.TickCount64;
        while (_brokenSince.Count > BrokenForgottenAbove && now - _brokenSince.Peek().FailedAt > (long)BrokenKept.TotalMilliseconds
               && _read >= _brokenSince.Peek().TakenBefore)
            _broken.Remove(_brokenSince.Dequeue().Incarnation);
        foreach (var row in write.Rows)
        {
            var key = (row.PersistenceId, row.WriterUuid);
            if (_broken.TryGetValue(key, out var from))
            {
                _broken[key] = Math.Min(from, row.SequenceNr);
                continue;
            }

            _broken[key] = row.SequenceNr;
            _brokenSince.Enqueue((key, now, Interlocked.Read(ref _taken)));
        }
    }

    /// <summary>Stops taking writes and waits for those taken to be written.</summary>
    public void Dispose()
    {
        _pending.Writer.TryComplete();
        _loop.Wait(TimeSpan.FromSeconds(30));
    }

    private sealed record PendingWrite(IReadOnlyList<StoredEvent> Rows, TaskCompletionSource Done);
}
