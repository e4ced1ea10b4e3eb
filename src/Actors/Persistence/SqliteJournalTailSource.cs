using Microsoft.Data.Sqlite;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// New rows of a SQLite journal. SQLite has one writer, so rows commit in ordering order: what a
/// statement sees has no gap that could fill later, and the highest ordering is a safe start.
/// </summary>
internal sealed class SqliteJournalTailSource(string connectionString) : IJournalTailSource
{
    public long Start(CancellationToken stop) => SqliteTagQuery.Highest(connectionString);

    public List<(long Ordering, StoredEvent Row)> ReadAfter(long position, int page)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        return JournalRows.ReadAfter(connection, position, page);
    }
}
