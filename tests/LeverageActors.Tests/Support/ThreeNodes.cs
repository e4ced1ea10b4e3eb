using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;

namespace LeverageActors.Tests.Support;

/// <summary>
/// Three nodes of one cluster in the test process, each with its API, all on one journal; the
/// first is the oldest (the one that hosts the singleton while it is a member).
/// </summary>
public sealed class ThreeNodes : IAsyncDisposable
{
    private readonly List<TestNode> _nodes;

    private ThreeNodes(List<TestNode> nodes) => _nodes = nodes;

    /// <summary>The running nodes, oldest first.</summary>
    public IReadOnlyList<TestNode> Nodes => _nodes;

    public static async Task<ThreeNodes> StartAsync(TestDatabase database)
    {
        var first = await TestNode.StartAsync(database);
        var nodes = new List<TestNode> { first };
        try
        {
            nodes.Add(await TestNode.StartAsync(database, NodeOptions.Joining(first)));
            nodes.Add(await TestNode.StartAsync(database, NodeOptions.Joining(first)));
            var cluster = new ThreeNodes(nodes);
            await cluster.EveryNodeSeesAllUp();
            return cluster;
        }
        catch
        {
            foreach (var node in nodes)
                await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops <paramref name="node"/> as an operator does (it leaves, handing its shards and singleton over) and waits until the others no longer count it.</summary>
    public async Task Leave(TestNode node)
    {
        var address = node.ClusterAddress;
        _nodes.Remove(node);
        await node.DisposeAsync();
        await Eventually.Holds($"the others to remove {address}", () => Task.FromResult(_nodes.All(n =>
            Cluster.Get(n.System).State.Members.All(m => m.Address != address))));
        await EveryNodeSeesAllUp();
    }

    /// <summary>The node whose <paramref name="region"/> hosts entity <paramref name="entityId"/> now; null when none does.</summary>
    public async Task<TestNode?> HostOf(Func<TestNode, IActorRef> region, string entityId)
    {
        foreach (var node in _nodes)
        {
            var state = await region(node).Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TestNode.Timeout);
            if (state.Shards.Any(s => s.EntityIds.Contains(entityId)))
                return node;
        }

        return null;
    }

    /// <summary>The node the market-watch singleton (risk indexes, liquidators) runs on; fails unless exactly one hosts it.</summary>
    public async Task<TestNode> SingletonHost()
    {
        var hosts = new List<TestNode>();
        foreach (var node in _nodes)
        {
            // Akka.Hosting gives the manager and the singleton the same name.
            var identity = await node.System.ActorSelection("/user/market-watch/market-watch").Ask<ActorIdentity>(new Identify(null), TestNode.Timeout);
            if (identity.Subject is not null)
                hosts.Add(node);
        }

        Assert.True(hosts.Count == 1, $"the singleton runs on exactly one node, found on {hosts.Count}");
        return hosts[0];
    }

    private Task EveryNodeSeesAllUp() =>
        Eventually.Holds($"{_nodes.Count} members up on every node", () => Task.FromResult(_nodes.All(n =>
            Cluster.Get(n.System).State.Members.Count(m => m.Status == MemberStatus.Up) == _nodes.Count)));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes.AsEnumerable().Reverse())
            await node.DisposeAsync();
    }
}
