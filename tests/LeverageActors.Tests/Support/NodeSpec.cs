using Akka.Actor;
using Xunit.Abstractions;

namespace LeverageActors.Tests.Support;

/// <summary>
/// A TestKit whose actor system is a real node (cluster, sharding, journal) on a database of its
/// own: SQLite in memory unless a subclass gives another.
/// </summary>
public abstract class NodeSpec : Akka.TestKit.Xunit2.TestKit
{
    protected NodeSpec(ITestOutputHelper output) : this(TestDatabase.InMemory(), output)
    {
    }

    protected NodeSpec(TestDatabase database, ITestOutputHelper output) : this(database, TestNode.Start(database), output)
    {
    }

    private NodeSpec(TestDatabase database, TestNode node, ITestOutputHelper output) : base(node.System, output)
    {
        Database = database;
        Node = node;
    }

    protected TestDatabase Database { get; }

    protected TestNode Node { get; }

    protected IActorRef Accounts => Node.Accounts;

    protected override void AfterAll()
    {
        base.AfterAll();
        Node.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Database.Dispose();
    }
}
