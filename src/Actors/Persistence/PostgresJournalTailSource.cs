using System.Diagnostics;
using Akka.Event;
using Npgsql;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// New rows of a PostgreSQL journal, which several nodes write at once: a row draws its ordering
/// while its statement runs and becomes visible when it commits, so a later ordering can be seen
/// before an earlier one. The tail reads up to the first missing ordering and waits there.
/// Every statement that writes the journal holds its table lock (<c>RowExclusiveLock</c>) from
/// before it draws an ordering until its transaction ends, and orderings are drawn in order
/// (identity cache 1): so an ordering missing below the highest one a read saw was drawn by a
/// transaction that had ended or still held the lock when the read was done. The tail notes who
/// held it then; once all of them have ended, the next read shows every such ordering that was
/// committed, and the rest (writes rolled back: a sequence number another node took) are passed.
/// Nothing here depends on timing: a write that takes long holds the followers as long (the
/// plugin's read journal passed a gap after ten polls, whether or not the write still ran), up to
/// <c>gap-limit</c>, after which the gap is passed with a warning, so that the followers, and the
/// liquidations they drive, do not stop for good behind a transaction left open.
/// </summary>
internal sealed class PostgresJournalTailSource(string connectionString, TimeSpan gapLimit, ILoggingAdapter log) : IJournalTailSource
{
    private const string Highest = "SELECT COALESCE(MAX(ordering), 0) FROM journal";

    /// <summary>The transactions holding the journal's write lock now (a lock not yet granted included: that is harmless).</summary>
    private const string Writers =
        "SELECT virtualtransaction FROM pg_locks WHERE locktype = 'relation' AND relation = 'journal'::regclass AND mode = 'RowExclusiveLock'";

    private const string StillWriting = Writers + " AND virtualtransaction = ANY(@writers) LIMIT 1";

    private Gap? _gap;

    /// <summary>The highest ordering, once every write running when it was read has ended: any ordering below it missing then is missing for good.</summary>
    public long Start()
    {
        using var connection = Open();
        var highest = Scalar(connection, Highest);
        var writers = WritersNow(connection);
        var waiting = Stopwatch.StartNew();
        while (StillRunning(connection, writers))
        {
            if (waiting.Elapsed >= gapLimit)
            {
                log.Warning("The journal's followers start at ordering {0} although a write that began before it has run for {1}; an event it commits below that ordering reaches no follower",
                    highest, waiting.Elapsed);
                break;
            }

            Thread.Sleep(10);
        }

        return highest;
    }

    public List<(long Ordering, StoredEvent Row)> ReadAfter(long position, int page)
    {
        using var connection = Open();
        // Decided before the read: whatever it does not show below the gap's bound is missing for good.
        var passBelow = position;
        if (_gap is { } gap)
        {
            if (!StillRunning(connection, gap.Writers))
                passBelow = gap.Below;
            else if (Stopwatch.GetElapsedTime(gap.Seen) < gapLimit)
                return [];
            else
            {
                log.Warning("Orderings after {0} up to {1} of the journal stayed missing for {2} behind a write still open; the journal's followers go on without them",
                    position, gap.Below, Stopwatch.GetElapsedTime(gap.Seen));
                passBelow = gap.Below;
            }

            _gap = null;
        }

        var rows = JournalRows.ReadAfter(connection, position, page);
        var next = position + 1;
        for (var i = 0; i < rows.Count; i++)
        {
            var ordering = rows[i].Ordering;
            if (ordering != next && ordering - 1 > passBelow)
            {
                // Missing orderings below the highest this read saw: drawn by writes ended or running now.
                _gap = new Gap(rows[^1].Ordering, WritersNow(connection), Stopwatch.GetTimestamp());
                rows.RemoveRange(i, rows.Count - i);
                break;
            }

            next = ordering + 1;
        }

        return rows;
    }

    private string[] WritersNow(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand(Writers, connection);
        using var reader = command.ExecuteReader();
        var writers = new List<string>();
        while (reader.Read())
            writers.Add(reader.GetString(0));
        return [.. writers];
    }

    private static bool StillRunning(NpgsqlConnection connection, string[] writers)
    {
        if (writers.Length == 0)
            return false;
        using var command = new NpgsqlCommand(StillWriting, connection);
        command.Parameters.AddWithValue("writers", writers);
        return command.ExecuteScalar() is not null;
    }

    private NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        return connection;
    }

    private static long Scalar(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>
    /// Orderings missing below <see cref="Below"/> (the highest a read saw), the writes that held the
    /// journal's lock just after that read, and when.
    /// </summary>
    private sealed record Gap(long Below, string[] Writers, long Seen);
}
