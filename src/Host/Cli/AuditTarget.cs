using LeverageActors.Actors.Persistence;
using Npgsql;

namespace LeverageActors.Host.Cli;

/// <summary>
/// What <c>audit --db</c> names: a SQLite file that exists, or a PostgreSQL connection string
/// (<c>Host=...;Database=...</c>). Anything else is a one-line usage error that never repeats a
/// connection string (it may hold a password).
/// </summary>
public static class AuditTarget
{
    public static bool TryParse(string db, out JournalDatabase database, out string error)
    {
        database = null!;
        error = "";
        if (File.Exists(db))
        {
            database = JournalDatabase.Sqlite(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = db }.ToString());
            return true;
        }

        if (!db.Contains('='))
        {
            error = $"no journal at {db} (--db takes a SQLite file or a PostgreSQL connection string such as Host=127.0.0.1;Database=leverage;Username=leverage)";
            return false;
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(db);
            if (string.IsNullOrEmpty(builder.Host))
            {
                error = "--db is neither a SQLite file nor a PostgreSQL connection string: it names no Host";
                return false;
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            error = $"--db is neither a SQLite file nor a PostgreSQL connection string: {e.Message}";
            return false;
        }

        database = JournalDatabase.Postgres(db);
        return true;
    }
}
