namespace LeverageActors.Actors.Persistence;

/// <summary>
/// The PostgreSQL journal: the plugin's table, tags and read journal (whose sequence actor copes
/// with orderings that several nodes commit out of order), but the writes and recoveries go
/// straight through Npgsql (<see cref="PostgresJournalWriter"/>, <see cref="PostgresJournalReader"/>;
/// see <see cref="DirectSqlJournal{TSetup}"/>). Without a <see cref="PostgresJournalSetup"/> it is
/// the plugin's journal unchanged.
/// </summary>
public sealed class PostgresJournal(Akka.Configuration.Config journalConfig)
    : DirectSqlJournal<PostgresJournalSetup>(journalConfig, (connectionString, codec, config) =>
        (new PostgresJournalWriter(connectionString, config.GetInt("max-row-by-row-size", 20)), new PostgresJournalReader(connectionString, codec)));
