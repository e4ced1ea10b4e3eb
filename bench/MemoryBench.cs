using LeverageActors.Actors.Risk;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Serialization;

namespace LeverageActors.Bench;

/// <summary>
/// What the risk index holds per idle open position: its compact position folded from freshly
/// deserialized events (as the index reads them from the journal) and its row, after a full GC.
/// Idle entities themselves passivate and hold nothing.
/// </summary>
public static class MemoryBench
{
    public static IEnumerable<Result> Run(int positions)
    {
        var stored = Stored(positions);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var held = new WatchedPositions();
        var book = new RiskBook();
        foreach (var (manifest, bytes) in stored)
        {
            var evt = (IPositionEvent)LeverageSerializer.Decode(bytes, manifest);
            if (held.Apply(evt) is { } position && RiskThreshold.For(position, 1m) is { } row)
                book.Upsert(row);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(held);
        GC.KeepAlive(book);
        GC.KeepAlive(stored);
        yield return new Result($"memory, {positions:N0} open positions", "bytes per idle open position (risk index)",
            $"{(after - before) / (double)positions:N0} B", "", "", "", "≤ 1 KB");
    }

    private static List<(string Manifest, byte[] Bytes)> Stored(int positions) =>
        JournalFixture.Trading(open: positions, closed: 0).Journal
            .Where(e => e.Event is IPositionEvent)
            .Select(e => (Manifest: MessageManifests.ByType[e.Event.GetType()],
                Bytes: System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(e.Event, e.Event.GetType(), LeverageJson.Options)))
            .ToList();
}
