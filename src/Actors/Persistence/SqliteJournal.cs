namespace LeverageActors.Actors.Persistence;

/// <summary>
/// The SQLite journal: the plugin's table, tags and read journal, but the writes and recoveries go
/// straight through Microsoft.Data.Sqlite (<see cref="SqliteJournalWriter"/>,
/// <see cref="SqliteJournalReader"/>; see <see cref="DirectSqlJournal{TSetup}"/>). Without a
/// <see cref="SqliteJournalSetup"/> it is the plugin's journal unchanged.
/// </summary>
public sealed class SqliteJournal(Akka.Configuration.Config journalConfig)
    : DirectSqlJournal<SqliteJournalSetup>(journalConfig, (connectionString, codec, _) =>
        (new SqliteJournalWriter(connectionString), new SqliteJournalReader(connectionString, codec)));
