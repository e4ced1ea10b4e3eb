namespace LeverageActors.Actors.Persistence;

/// <summary>The PostgreSQL journal's connection string, for the writes and recoveries <see cref="PostgresJournal"/> makes itself.</summary>
public sealed class PostgresJournalSetup(string connectionString) : DirectJournalSetup(connectionString);
