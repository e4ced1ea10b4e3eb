using LeverageActors.Actors.Membership;
using LeverageActors.Actors.Persistence;

namespace LeverageActors.Tests.Support;

/// <summary>Nodes that each found no live member at the same moment, claiming to start the cluster at once.</summary>
public static class ClaimRace
{
    /// <summary>How many of <paramref name="nodes"/> claims, released together, were recorded.</summary>
    public static async Task<int> Winners(IClusterMemberTable table, int nodes)
    {
        using var start = new Barrier(nodes);
        var claims = Enumerable.Range(0, nodes).Select(node => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            return table.Claim($"akka.tcp://leverage@127.0.0.1:{20_000 + node}", incarnation: node, LiveCluster.Silence);
        }, TaskCreationOptions.LongRunning)).ToList();
        return (await Task.WhenAll(claims)).Count(claimed => claimed);
    }
}
