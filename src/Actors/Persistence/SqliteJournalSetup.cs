namespace LeverageActors.Actors.Persistence;

/// <summary>The SQLite journal's connection string, for the writes, recoveries and tag queries <see cref="SqliteJournal"/> makes itself.</summary>
public sealed class SqliteJournalSetup(string connectionString) : DirectJournalSetup(connectionString);
