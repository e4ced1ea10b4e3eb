using Akka.Actor.Setup;

namespace LeverageActors.Actors.Persistence;

/// <summary>The SQLite journal's connection string, for the writes and recoveries <see cref="SqliteJournal"/> makes itself.</summary>
public sealed class SqliteJournalSetup(string connectionString) : Setup
{
    public string ConnectionString { get; } = connectionString;
}
