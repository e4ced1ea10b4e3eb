using Microsoft.Data.Sqlite;
using Npgsql;

namespace LeverageActors.Actors.Persistence;

/// <summary>The database a journal lives in: its engine and how to reach it.</summary>
public sealed record JournalDatabase(JournalProvider Provider, string ConnectionString)
{
    public static JournalDatabase Sqlite(string connectionString) => new(JournalProvider.Sqlite, connectionString);

    public static JournalDatabase SqliteFile(string path) => Sqlite(SqliteDatabase.FileConnectionString(path));

    public static JournalDatabase Postgres(string connectionString) => new(JournalProvider.Postgres, connectionString);

    /// <summary>Where the journal is, for logs and reports: never a password.</summary>
    public string Description => Provider switch
    {
        JournalProvider.Sqlite => $"SQLite {new SqliteConnectionStringBuilder(ConnectionString).DataSource}",
        _ => PostgresDatabase.Describe(ConnectionString),
    };

    /// <summary>The connection string without its password, should one ever need printing.</summary>
    public override string ToString() => Description;
}
