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
/// (identity with cache 1, checked by <see cref="PostgresDatabase.Prepare"/>): so an ordering
/// missing below the highest one a read saw was drawn by a transaction that had ended or still
/// held the lock when the read was done. The tail notes who held it then; once all of them have
/// ended, the next read shows every such ordering that was committed, and the rest (writes rolled
/// back: a sequence number another node took) are passed. Nothing here depends on timing: a write
/// that takes long holds the followers as long (the plugin's read journal passed a gap after ten
/// polls, whether or not the write still ran), up to <c>gap-limit</c>. A transaction that holds the
/// lock that long (left open in a console) is then passed with a warning naming its process, and
/// never waited for again, so that the followers, and the liquidations they drive, do not stop
/// behind it for good; what it commits later below the tail reaches no follower until they restart.
/// </summary>
internal sealed class PostgresJournalTailSource(string connectionString, TimeSpan refresh, TimeSpan gapLimit, ILoggingAdapter log) : IJournalTailSource
{
    private const string Highest = "SELECT COALESCE(MAX(ordering), 0) FROM journal";

    /// <summary>
    /// The transactions of this database holding the journal's write lock now, with their processes.
    /// A request not yet granted has drawn no ordering. A prepared transaction (two-phase commit) holds
    /// its locks under a new virtual id (<c>-1/…</c>): those are always counted.
    /// </summary>
    private const string Writers =
        "SELECT virtualtransaction, pid FROM pg_locks " +
        "WHERE locktype = 'relation' AND relation = 'journal'::regclass AND mode = 'RowExclusiveLock' AND granted " +
        "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";

    private const string StillWriting =
        Writers + " AND (virtualtransaction = ANY(@writers) OR virtualtransaction LIKE '-1/%') AND NOT (virtualtransaction = ANY(@givenUp))";

    private readonly HashSet<string> _givenUp = [];
    private Gap? _gap;

    /// <summary>Orderings up to here are final (visible or missing for good), whatever the next read shows.</summary>
    private long _final;

    /// <summary>The highest ordering, once every write running when it was read has ended: any ordering below it missing then is missing for good.</summary>
    public long Start(CancellationToken stop)
    {
        using var connection = Open();
        var highest = Scalar(connection, Highest);
        var writers = WritersNow(connection);
        var waiting = Stopwatch.StartNew();
        while (!stop.IsCancellationRequested && StillRunning(connection, writers) is { Length: > 0 } running)
        {
            if (waiting.Elapsed >= gapLimit)
            {
                GiveUp(running, $"The journal's followers start at ordering {highest}, although a write that began before it has run for {waiting.Elapsed}");
                break;
            }

            stop.WaitHandle.WaitOne(refresh);
        }

        _final = highest;
        return highest;
    }

    public List<(long Ordering, StoredEvent Row)> ReadAfter(long position, int page)
    {
        using var connection = Open();
        // Decided before the read: whatever it does not show up to the gap's bound is missing for good.
        if (_gap is { } gap)
        {
            if (StillRunning(connection, gap.Writers) is { Length: > 0 } running)
            {
                if (Stopwatch.GetElapsedTime(gap.Seen) < gapLimit)
                    return [];
                GiveUp(running, $"Orderings after {position} up to {gap.Below} of the journal stayed missing for {Stopwatch.GetElapsedTime(gap.Seen)}");
            }

            _final = Math.Max(_final, gap.Below);
            _gap = null;
        }

        var rows = JournalRows.ReadAfter(connection, position, page);
        var next = position + 1;
        for (var i = 0; i < rows.Count; i++)
        {
            var ordering = rows[i].Ordering;
            if (ordering != next && ordering - 1 > _final)
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

    /// <summary>Writes held open past the gap limit are named, then left out of every later wait.</summary>
    private void GiveUp(Writer[] open, string what)
    {
        log.Warning("{0} behind a write still open (server process {1}); the journal's followers go on without waiting for it again. " +
                    "A transaction left open on the journal holds every node's liquidations: set idle_in_transaction_session_timeout for the roles that write it",
            what, string.Join(", ", open.Select(w => w.Process)));
        foreach (var writer in open)
            _givenUp.Add(writer.Transaction);
    }

    private Writer[] WritersNow(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand(Writers, connection);
        return Read(command).Where(w => !_givenUp.Contains(w.Transaction)).ToArray();
    }

    /// <summary>Those of <paramref name="writers"/> still holding the lock (prepared ones under their new id), but none given up on.</summary>
    private Writer[] StillRunning(NpgsqlConnection connection, Writer[] writers)
    {
        using var command = new NpgsqlCommand(StillWriting, connection);
        command.Parameters.AddWithValue("writers", writers.Select(w => w.Transaction).ToArray());
        command.Parameters.AddWithValue("givenUp", _givenUp.ToArray());
        return Read(command);
    }

    private static Writer[] Read(NpgsqlCommand command)
    {
        using var reader = command.ExecuteReader();
        var writers = new List<Writer>();
        while (reader.Read())
            writers.Add(new Writer(reader.GetString(0), reader.IsDBNull(1) ? 0 : reader.GetInt32(1)));
        return [.. writers];
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

    /// <summary>A transaction holding the journal's write lock, and its server process.</summary>
    private sealed record Writer(string Transaction, int Process);

    /// <summary>
    /// Orderings missing below <see cref="Below"/> (the highest a read saw), the writes that held the
    /// journal's lock just after that read, and when.
    /// </summary>
    private sealed record Gap(long Below, Writer[] Writers, long Seen);
}
