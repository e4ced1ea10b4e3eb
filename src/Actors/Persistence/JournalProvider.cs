namespace LeverageActors.Actors.Persistence;

/// <summary>The database engines a node can journal into.</summary>
public enum JournalProvider
{
    /// <summary>An embedded SQLite file: one node.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server: one node or a cluster of them sharing the journal.</summary>
    Postgres,
}
