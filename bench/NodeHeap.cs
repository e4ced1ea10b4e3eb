using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace LeverageActors.Bench;

/// <summary>The heap readings of the memory scenarios: after a full collection, and once every position entity has passivated.</summary>
public static class NodeHeap
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>The managed heap after a full, compacting, blocking collection.</summary>
    public static long Now()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    public static async Task UntilPassivated(BenchNode node)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Timeout)
        {
            var state = await node.Positions.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, Timeout);
            if (state.Shards.Sum(s => s.EntityIds.Count) == 0)
                return;
            await Task.Delay(500);
        }

        throw new TimeoutException($"position entities still awake {Timeout.TotalSeconds:0} s after the queries");
    }
}
