using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Api;

/// <summary>Each test gets its own node with its HTTP API on its own in-memory journal.</summary>
public abstract class ApiNodeSpec : IAsyncLifetime
{
    protected ApiNodeSpec(TestDatabase? database = null) => Database = database ?? TestDatabase.InMemory();

    protected TestDatabase Database { get; }

    protected TestNode Node { get; set; } = null!;

    public virtual async Task InitializeAsync() => Node = await TestNode.StartAsync(Database);

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        Database.Dispose();
    }
}
