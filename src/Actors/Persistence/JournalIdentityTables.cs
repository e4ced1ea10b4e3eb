namespace LeverageActors.Actors.Persistence;

/// <summary>The journal identity row's table in the SQL of the journal's database.</summary>
public static class JournalIdentityTables
{
    public static IJournalIdentityTable For(JournalDatabase journal) => journal.Provider switch
    {
        JournalProvider.Postgres => new PostgresJournalIdentityTable(journal.ConnectionString),
        _ => new SqliteJournalIdentityTable(journal.ConnectionString),
    };
}
