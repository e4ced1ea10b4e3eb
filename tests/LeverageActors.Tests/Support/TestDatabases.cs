namespace LeverageActors.Tests.Support;

/// <summary>
/// The engine a spec runs on, as the databases it hands out: a spec written once against this
/// runs on SQLite and on PostgreSQL through one subclass each.
/// </summary>
public sealed class TestDatabases(string engine, Func<TestDatabase> fresh, Func<TestDatabase> durable)
{
    /// <summary>In-memory databases where a test needs nothing to outlive its node, files where it does.</summary>
    public static readonly TestDatabases Sqlite = new("SQLite", TestDatabase.InMemory, TestDatabase.OnDisk);

    public string Engine { get; } = engine;

    /// <summary>A database of its own for one node.</summary>
    public TestDatabase Fresh() => fresh();

    /// <summary>A database that outlives the actor systems of one test (restarts, journals written offline).</summary>
    public TestDatabase Durable() => durable();

    public override string ToString() => Engine;
}
