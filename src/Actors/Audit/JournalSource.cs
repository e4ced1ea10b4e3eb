using LeverageActors.Actors.Persistence;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Actors.Audit;

public static class JournalSource
{
    /// <summary>The reader of a journal in either database.</summary>
    public static IJournalSource For(JournalDatabase database) => database.Provider switch
    {
        JournalProvider.Postgres => new PostgresJournalSource(database.ConnectionString),
        _ => new SqliteJournalSource(new SqliteConnectionStringBuilder(database.ConnectionString).DataSource),
    };
}
