using Akka.Actor.Setup;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// The journal database's connection string, for the writes and recoveries a
/// <see cref="DirectSqlJournal{TSetup}"/> makes itself instead of through the plugin. One type per
/// engine, so that a node finds only its own engine's (the SQLite tag query looks for SQLite's).
/// </summary>
public abstract class DirectJournalSetup(string connectionString) : Setup
{
    public string ConnectionString { get; } = connectionString;
}
