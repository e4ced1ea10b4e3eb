using LeverageActors.Actors.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LeverageActors.Host.Node;

/// <summary>The checks of <c>Journal:Provider</c> and <c>Journal:ConnectionString</c>, one line per mistake.</summary>
public static class JournalSettings
{
    public static JournalProvider Provider(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => JournalProvider.Sqlite,
        "postgres" or "postgresql" => JournalProvider.Postgres,
        _ => throw new ConfigurationError($"Journal:Provider must be sqlite or postgres, got '{value}'"),
    };

    /// <summary>
    /// A connection string the provider's driver cannot read stops the node before it starts. The
    /// message names the setting and the driver's complaint, never the string (it may hold a password).
    /// </summary>
    public static void Check(JournalProvider provider, string? connectionString)
    {
        if (provider == JournalProvider.Postgres && connectionString is null)
            throw new ConfigurationError("Journal:ConnectionString is required when Journal:Provider is postgres, e.g. Host=127.0.0.1;Database=leverage;Username=leverage");
        if (connectionString is null)
            return;
        try
        {
            if (provider == JournalProvider.Postgres)
            {
                if (string.IsNullOrEmpty(new NpgsqlConnectionStringBuilder(connectionString).Host))
                    throw new ConfigurationError("Journal:ConnectionString names no Host; a PostgreSQL connection string looks like Host=127.0.0.1;Database=leverage;Username=leverage");
            }
            else
            {
                _ = new SqliteConnectionStringBuilder(connectionString);
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            var driver = provider == JournalProvider.Postgres ? "PostgreSQL" : "SQLite";
            throw new ConfigurationError($"Journal:ConnectionString is not a {driver} connection string: {e.Message}");
        }
    }
}
