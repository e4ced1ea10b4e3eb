namespace LeverageActors.Bench;

/// <summary>
/// What the process's garbage collector did over a measured span: bytes allocated per operation,
/// collections by generation, and the share of wall time the runtime was paused for them.
/// </summary>
internal sealed record GcUse(long Allocated, int Gen0, int Gen1, int Gen2, TimeSpan Paused, double PausedShare = 0, long AllocatedPer = 0)
{
    public static GcUse Now() =>
        new(GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public GcUse Since(GcUse before, TimeSpan elapsed, int operations) =>
        new(Allocated - before.Allocated, Gen0 - before.Gen0, Gen1 - before.Gen1, Gen2 - before.Gen2, Paused - before.Paused,
            (Paused - before.Paused) / elapsed, (Allocated - before.Allocated) / operations);

    public override string ToString() =>
        $"{AllocatedPer / 1024.0:N1} KiB; {Gen0:N0}/{Gen1:N0}/{Gen2:N0}; {PausedShare:P1}";
}
