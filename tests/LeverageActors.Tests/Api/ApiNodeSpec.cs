using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Api;

/// <summary>Each test gets its own node with its HTTP API on its own in-memory journal.</summary>
public abstract class ApiNodeSpec : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.InMemory();

    protected ApiNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await ApiNode.StartAsync(_database);

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        _database.Dispose();
    }
}
