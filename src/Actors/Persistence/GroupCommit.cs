using System.Collections.Concurrent;
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
    private readonly Dictionary<(string PersistenceId, string Writer), (long From, long LastFailedAt)> _broken = new();

    /// <summary>The incarnations in <see cref="_broken"/> in the order they were last looked at (first: their first failure).</summary>
    private readonly Queue<((string PersistenceId, string Writer) Incarnation, long Since)> _brokenSince = new();

    /// <summary>Each incarnation's writes taken (<see cref="Write"/>, any thread) and not yet read from the queue (the writer thread).</summary>
    private readonly ConcurrentDictionary<(string PersistenceId, string Writer), int> _queued = new();

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
        if (rows.Count > 0)
            _queued.AddOrUpdate(IncarnationOf(write), 1, (_, n) => n + 1);
        if (!_pending.Writer.TryWrite(write))
        {
            Read(write);
            write.Done.SetException(new InvalidOperationException("The journal writer has stopped"));
        }
        return write.Done.Task;
    }

    private void Run()
    {
        var batch = new List<PendingWrite>();
        var taken = new List<PendingWrite>();
        var rows = new List<StoredEvent>();
        while (_pending.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (rows.Count < MaxRows && _pending.Reader.TryRead(out var write))
            {
                batch.Add(write);
                taken.Add(write);
                rows.AddRange(write.Rows);
            }

            Commit(batch, rows);
            // Counted as queued until judged: an incarnation forgotten while its write waited in this
            // batch let the write through past the gap (a review).
            foreach (var write in taken)
                Read(write);
            batch.Clear();
            taken.Clear();
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

    private static (string PersistenceId, string Writer) IncarnationOf(PendingWrite write) => (write.Rows[0].PersistenceId, write.Rows[0].WriterUuid);

    /// <summary>The write has been judged (committed or failed): its incarnation has one write fewer waiting.</summary>
    private void Read(PendingWrite write)
    {
        if (write.Rows.Count == 0)
            return;
        var incarnation = IncarnationOf(write);
        if (_queued.AddOrUpdate(incarnation, 0, (_, n) => n - 1) == 0)
            _queued.TryRemove(KeyValuePair.Create(incarnation, 0));
    }

    /// <summary>Whether a write comes after a failed write of the same incarnation.</summary>
    private bool Broken(PendingWrite write) =>
        write.Rows.Any(r => _broken.TryGetValue((r.PersistenceId, r.WriterUuid), out var broken) && r.SequenceNr > broken.From);

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
    /// Records the write's incarnation as broken. An incarnation is forgotten only once its last
    /// refused write is long past and none of its writes waits in the queue: the table was cleared
    /// whole at 10,000, and an outage failing that many writes forgot the incarnation that had failed a
    /// moment before, whose next write, still queued, then committed past the gap and froze the
    /// entity's recovery for good (a review; and its reviews: a queue retried write by write can take
    /// longer than any age, and a write may reach the queue after its incarnation's failure).
    /// </summary>
    private void Break(PendingWrite write)
    {
        var now = Environment.TickCount64;
        Forget(now);
        foreach (var row in write.Rows)
        {
            var key = (row.PersistenceId, row.WriterUuid);
            if (_broken.TryGetValue(key, out var broken))
            {
                _broken[key] = (Math.Min(broken.From, row.SequenceNr), now);
                continue;
            }

            _broken[key] = (row.SequenceNr, now);
            _brokenSince.Enqueue((key, now));
        }
    }

    /// <summary>Past <see cref="BrokenForgottenAbove"/>, the incarnations looked at longest ago whose last failure is old and that have nothing queued.</summary>
    private void Forget(long now)
    {
        var kept = (long)BrokenKept.TotalMilliseconds;
        for (var looked = _brokenSince.Count; looked > 0 && _broken.Count > BrokenForgottenAbove; looked--)
        {
            var (incarnation, since) = _brokenSince.Peek();
            // Every later one was looked at later still.
            if (now - since <= kept)
                return;
            _brokenSince.Dequeue();
            if (now - _broken[incarnation].LastFailedAt <= kept || _queued.ContainsKey(incarnation))
                _brokenSince.Enqueue((incarnation, now));
            else
                _broken.Remove(incarnation);
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
