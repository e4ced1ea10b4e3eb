using LeverageActors.Actors.Markets;
using LeverageActors.Host.Api;
using LeverageActors.Host.Node;
using Microsoft.Extensions.DependencyInjection;

namespace LeverageActors.Tests.Support;

/// <summary>
/// What a test chooses about the node <see cref="TestNode"/> starts; the journal (SQLite or
/// PostgreSQL) comes from the database it is given. Everything else is as the executable has it.
/// </summary>
public sealed record NodeOptions
{
    /// <summary>The HTTP API: a free loopback port, the specs' operator key, and asks as patient as the suite.</summary>
    public ApiSettings Api { get; init; } = new()
    {
        Url = "http://127.0.0.1:0",
        OperatorKey = TestNode.OperatorKey,
        // A busy CI machine runs many nodes at once: generous waits, never timing assertions.
        AskTimeout = TestNode.Timeout,
    };

    /// <summary>Addresses of the cluster's nodes to join; none: the node forms a cluster of its own.</summary>
    public IReadOnlyList<string> Seeds { get; init; } = [];

    /// <summary>Its remoting port, for a node restarted where others expect it; 0: a free one.</summary>
    public int Port { get; init; }

    /// <summary>The price path the node replays into its oracles; none by default: the test reports prices.</summary>
    public string? Prices { get; init; }

    public MarketCatalog Markets { get; init; } = MarketCatalog.Default;

    /// <summary>The time liquidators, risk indexes and the API read; the system clock when none is given.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>
    /// Next-price execution (<c>Execution:NextPrice</c>): off by default here, so that a spec can report a
    /// price and act at it; the next-price specs turn it on. The node itself has it on.
    /// </summary>
    public bool NextPrice { get; init; }

    /// <summary>Services added to the node's own (e.g. a middleware that watches requests), after them.</summary>
    public Action<IServiceCollection>? Services { get; init; }

    /// <summary>Last changes to the node's settings (e.g. <c>Demo</c>, a digest schedule).</summary>
    public Func<NodeSettings, NodeSettings>? Node { get; init; }

    /// <summary>HOCON taking precedence over the node's own (e.g. a shorter <c>leverage.journal.unreadable-reread-after</c>).</summary>
    public string? Hocon { get; init; }

    /// <summary>A node that joins the cluster <paramref name="seed"/> is a member of.</summary>
    public static NodeOptions Joining(TestNode seed) => new() { Seeds = [seed.ClusterAddress.ToString()] };

    public NodeOptions WithApi(Func<ApiSettings, ApiSettings> change) => this with { Api = change(Api) };
}
