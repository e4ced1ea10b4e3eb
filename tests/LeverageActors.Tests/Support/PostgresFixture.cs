namespace LeverageActors.Tests.Support;

/// <summary>
/// The test run's PostgreSQL server: started when the first test of the collection needs it,
/// stopped (and its directory removed) after the last. Each test takes a database of its own
/// from it. If the server cannot start, every test of the collection fails with the reason;
/// none is skipped.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PrivatePostgres? _server;

    public PrivatePostgres Server => _server ?? throw new InvalidOperationException("PostgreSQL has not been started");

    public async Task InitializeAsync() => _server = await PrivatePostgres.StartAsync(durable: false);

    /// <summary>A fresh, empty database for one test; disposing it drops it.</summary>
    public TestDatabase NewDatabase() => TestDatabase.OnPostgres(Server);

    /// <summary>Databases on this server, for specs written for either engine.</summary>
    public TestDatabases Databases => new("PostgreSQL", NewDatabase, NewDatabase);

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}

/// <summary>The tests that run on the run's PostgreSQL server (one after another, all on one server).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
