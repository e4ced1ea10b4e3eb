using LeverageActors.Actors.Persistence;
using LeverageActors.Host.Node;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Host.Api;

/// <summary>
/// How many events the journal has recorded: its highest ordering, which the journal never
/// reuses nor deletes, read from the primary key without counting rows.
/// </summary>
public sealed class JournalCounter(NodeSettings settings)
{
    public async Task<long?> Events(CancellationToken token)
    {
        try
        {
            var connectionString = new SqliteConnectionStringBuilder(
                settings.ConnectionString ?? SqliteDatabase.FileConnectionString(settings.JournalFile));
            // A metrics read must never create a journal that has gone missing.
            if (connectionString.Mode == SqliteOpenMode.ReadWriteCreate)
                connectionString.Mode = SqliteOpenMode.ReadWrite;
            await using var connection = new SqliteConnection(connectionString.ToString());
            await connection.OpenAsync(token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COALESCE(MAX(ordering), 0) FROM journal";
            return Convert.ToInt64(await command.ExecuteScalarAsync(token), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (SqliteException)
        {
            return null;
        }
    }
}
