using System.Collections.Concurrent;
using LeverageActors.Actors.Audit;

namespace LeverageActors.Actors.Integrity;

/// <summary>
/// Verifies the chains on a second thread while the caller replays the books on its own: rows go
/// over in batches, so hashing adds little to the audit's time on a machine with a core to spare
/// (its CPU time stays what it is: docs/BENCHMARKS.md).
/// </summary>
public sealed class ChainsAlongside : IDisposable
{
    private const int BatchSize = 1024;

    private readonly JournalChains _chains;
    private readonly BlockingCollection<List<JournalRow>> _batches = new(boundedCapacity: 16);
    private readonly Task _worker;
    private List<JournalRow> _batch = new(BatchSize);

    public ChainsAlongside(JournalChains chains)
    {
        _chains = chains;
        _worker = Task.Factory.StartNew(() =>
        {
            foreach (var batch in _batches.GetConsumingEnumerable())
                foreach (var row in batch)
                    chains.Read(row);
        }, TaskCreationOptions.LongRunning);
    }

    public void Read(JournalRow row)
    {
        _batch.Add(row);
        if (_batch.Count == BatchSize)
            Send();
    }

    /// <summary>Waits for every row sent to be verified: the chains are complete after it.</summary>
    public JournalChains Finish()
    {
        if (!_batches.IsAddingCompleted)
        {
            Send();
            _batches.CompleteAdding();
        }

        _worker.GetAwaiter().GetResult();
        return _chains;
    }

    private void Send()
    {
        if (_batch.Count == 0)
            return;
        _batches.Add(_batch);
        _batch = new List<JournalRow>(BatchSize);
    }

    public void Dispose()
    {
        if (!_batches.IsAddingCompleted)
            _batches.CompleteAdding();
        _batches.Dispose();
    }
}
