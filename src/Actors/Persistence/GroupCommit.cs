using System.Threading.Channels;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// Group commit across entities on one thread: every write that arrives while a transaction
/// commits goes into the next transaction together. A transaction that fails is rolled back and
/// its writes are tried again one transaction each, so only the write that cannot go in (a
/// sequence number already taken, by a second incarnation of the same entity) fails, never the
/// other entities' writes it shared the transaction with.
/// </summary>
internal sealed class GroupCommit : IDisposable
{
    /// <summary>Rows in one transaction at most: a burst is written in several rather than one long transaction.</summary>
    private const int MaxRows = 5_000;

    private readonly Channel<PendingWrite> _pending = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<IReadOnlyList<StoredEvent>> _inOneTransaction;
    private readonly Task _loop;

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
            batch[0].Done.SetException(e);
            return;
        }

        foreach (var write in batch)
        {
            try
            {
                _inOneTransaction(write.Rows);
                write.Done.SetResult();
            }
            catch (Exception e)
            {
                write.Done.SetException(e);
            }
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
