using System.Diagnostics;
using Akka.Event;
using Npgsql;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// New rows of a PostgreSQL journal, which several nodes write at once: a row takes its ordering
/// when its statement runs and becomes visible when it commits, so a later ordering can be seen
/// before an earlier one. The tail reads up to the first missing ordering and waits there; a gap
/// is passed only once it cannot fill any more: every transaction that was running when the gap
/// was first seen has ended (the instance's oldest running transaction is past the newest one
/// then, <c>pg_current_snapshot</c>), and at least <c>gap-wait</c> has gone by (a statement that
/// has drawn an ordering but not yet a transaction id is not in the snapshot). A rolled-back write
/// (a unique-key refusal) leaves such a gap. The plugin's read journal passes a gap after a fixed
/// number of polls, whether or not the write that holds it is still running. A gap still open at
/// <c>gap-limit</c> (a transaction left open for that long) is passed with a warning, so that the
/// followers, and the liquidations they drive, do not stop behind it.
/// </summary>
internal sealed class PostgresJournalTailSource(string connectionString, TimeSpan gapWait, TimeSpan gapLimit, ILoggingAdapter log) : IJournalTailSource
{
    private const string Highest = "SELECT COALESCE(MAX(ordering), 0) FROM journal";

    /// <summary>Transactions with an id at or above this had not started when the snapshot was taken.</summary>
    private const string NewestStarted = "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint";

    /// <summary>Every transaction with an id below this has ended.</summary>
    private const string OldestRunning = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint";

    private Gap? _gap;

    /// <summary>
    /// The highest ordering, once every transaction running when it was read has ended: any
    /// ordering below it missing then is missing for good.
    /// </summary>
    public long Start()
    {
        using var connection = Open();
        var highest = Scalar(connection, Highest);
        var started = Scalar(connection, NewestStarted);
        var waiting = Stopwatch.StartNew();
        var warned = false;
        while (Scalar(connection, OldestRunning) < started && waiting.Elapsed < gapLimit)
        {
            if (!warned && waiting.Elapsed >= gapWait)
            {
                log.Warning("The journal's followers wait to start for a transaction open since before {0} to end", DateTime.UtcNow - waiting.Elapsed);
                warned = true;
            }

            Thread.Sleep(10);
        }

        return highest;
    }

    public List<(long Ordering, StoredEvent Row)> ReadAfter(long position, int page)
    {
        using var connection = Open();
        var rows = JournalRows.ReadAfter(connection, position, page);
        var next = position + 1;
        for (var i = 0; i < rows.Count; i++)
        {
            var ordering = rows[i].Ordering;
            if (ordering != next && !Passed(connection, next, ordering))
            {
                rows.RemoveRange(i, rows.Count - i);
                break;
            }

            next = ordering + 1;
        }

        return rows;
    }

    /// <summary>Whether the tail may pass the missing orderings from <paramref name="missing"/> up to <paramref name="present"/>.</summary>
    private bool Passed(NpgsqlConnection connection, long missing, long present)
    {
        if (_gap is not { } gap || gap.First != missing)
        {
            _gap = new Gap(missing, Stopwatch.GetTimestamp(), Scalar(connection, NewestStarted));
            return false;
        }

        var waited = Stopwatch.GetElapsedTime(gap.Seen);
        if (waited < gapWait)
            return false;
        if (Scalar(connection, OldestRunning) >= gap.NewestStarted)
        {
            _gap = null;
            return true;
        }

        if (waited < gapLimit)
            return false;
        log.Warning("Orderings {0} to {1} of the journal stayed missing for {2} behind a transaction still open; the journal's followers go on without them",
            missing, present - 1, waited);
        _gap = null;
        return true;
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

    /// <summary>The first missing ordering of a gap, when it was first seen, and the newest transaction that could hold it then.</summary>
    private sealed record Gap(long First, long Seen, long NewestStarted);
}
