namespace LeverageActors.Actors.Persistence;

/// <summary>
/// The PostgreSQL journal: the plugin's table, tags and read journal (whose sequence actor copes
/// with orderings that several nodes commit out of order), but the writes and recoveries go
/// straight through Npgsql (<see cref="PostgresJournalWriter"/>, <see cref="PostgresJournalReader"/>;
/// see <see cref="DirectSqlJournal{TSetup}"/>). Without a <see cref="PostgresJournalSetup"/> it is
/// the plugin's journal unchanged. Its writes run for at most half the followers' gap limit.
/// </summary>
public sealed class PostgresJournal(Akka.Configuration.Config journalConfig)
    : DirectSqlJournal<PostgresJournalSetup>(journalConfig, (connectionString, codec, config) =>
        (new PostgresJournalWriter(connectionString, config.GetInt("max-row-by-row-size", 20), StatementLimit(Context.System.Settings.Config)),
            new PostgresJournalReader(connectionString, codec)))
{
    /// <summary>Half the followers' gap limit: see <see cref="PostgresJournalWriter"/>.</summary>
    internal static TimeSpan StatementLimit(Akka.Configuration.Config config) =>
        PostgresTagQuery.GapLimit(config) / 2;
}
