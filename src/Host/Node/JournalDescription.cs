using Microsoft.Data.Sqlite;

namespace LeverageActors.Host.Node;

/// <summary>What the log says about the database: where it is, never a password.</summary>
public static class JournalDescription
{
    public static string Of(string sqliteConnectionString)
    {
        var builder = new SqliteConnectionStringBuilder(sqliteConnectionString);
        return $"SQLite {builder.DataSource}";
    }
}
