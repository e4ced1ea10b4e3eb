using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using LeverageActors.Actors.Persistence;

namespace LeverageActors.Bench;

/// <summary>
/// One node, or several nodes of one cluster in this process on one journal, each on a port of its
/// own: the first is the seed and the oldest (it hosts the market-watch singleton).
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private BenchCluster(IReadOnlyList<BenchNode> nodes) => Nodes = nodes;

    /// <summary>Oldest first.</summary>
    public IReadOnlyList<BenchNode> Nodes { get; }

    public BenchNode First => Nodes[0];

    /// <summary>Starts <paramref name="count"/> nodes one after the other and waits until every node sees all of them up.</summary>
    public static async Task<BenchCluster> StartAsync(JournalDatabase journal, int count)
    {
        var nodes = new List<BenchNode> { await BenchNode.StartAsync(journal) };
        try
        {
            while (nodes.Count < count)
                nodes.Add(await BenchNode.StartAsync(journal, seed: nodes[0].Address));
            var deadline = DateTime.UtcNow + Timeout;
            while (!nodes.All(n => Cluster.Get(n.System).State.Members.Count(m => m.Status == MemberStatus.Up) == count))
            {
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"{count} nodes did not all see each other up within {Timeout.TotalSeconds:0} s");
                await Task.Delay(20);
            }

            return new BenchCluster(nodes);
        }
        catch
        {
            foreach (var node in nodes.AsEnumerable().Reverse())
                await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>How many entities of <paramref name="region"/> each node hosts, oldest first, e.g. "170/165/167".</summary>
    public async Task<string> EntitiesPerNode(Func<BenchNode, IActorRef> region)
    {
        var counts = new List<int>();
        foreach (var node in Nodes)
        {
            var state = await region(node).Ask<CurrentShardRegionState>(GetShardRegionState.Instance, Timeout);
            counts.Add(state.Shards.Sum(s => s.EntityIds.Count));
        }

        return string.Join('/', counts);
    }

    /// <summary>The youngest leaves first, so the seed hands nothing over to a node about to stop.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes.Reverse())
            await node.DisposeAsync();
    }
}
