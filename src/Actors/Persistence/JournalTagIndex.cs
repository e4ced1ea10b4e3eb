using System.Data.Common;
using Akka.Persistence.Query;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// A journal's tags read through its tag index, <c>journal_tag (tag, ordering)</c>, on either engine
/// (<see cref="SqliteTagIndex"/>, <see cref="PostgresTagIndex"/>): a catch-up reads the tag's
/// orderings from the index and each row by its primary key, instead of scanning every row's tags.
/// </summary>
public static class JournalTagIndex
{
    /// <summary>
    /// A page of the tag's rows after <paramref name="from"/> up to <paramref name="until"/>: the
    /// index's next orderings of the tag, each row read by its primary key. The index only proposes:
    /// an ordering whose row is gone or no longer carries the tag (a row replaced by hand, as
    /// SQLite's <c>INSERT OR REPLACE</c> does without a delete trigger) is passed over, and still
    /// counts toward the page, so it cannot end a catch-up early.
    /// </summary>
    internal static (IReadOnlyList<EventEnvelope> Page, long Scanned) Read(DbConnection connection, StoredEventCodec codec, string tag, long from, long until)
    {
        using var command = connection.CreateCommand();
        // JournalRows.Columns' order, the ordering the index's own.
        command.CommandText = """
            SELECT t.ordering, j.persistence_id, j.sequence_number, j.message, j.tags, j.manifest, j.identifier, j.created, j.writer_uuid
            FROM (SELECT ordering FROM journal_tag WHERE tag = @tag AND ordering > @from AND ordering <= @until ORDER BY ordering LIMIT @page) AS t
            LEFT JOIN journal AS j ON j.ordering = t.ordering
            ORDER BY t.ordering
            """;
        JournalRows.Add(command, "tag", tag);
        return JournalRows.ReadPage(command, codec, tag, from, until);
    }

    /// <summary>
    /// The ordering just before the tag's newest row; 0 where the tag has none yet, so a follower
    /// reads its first row whenever it commits (on PostgreSQL one in flight at a lower ordering than
    /// the table's highest too), which through the index costs nothing until then. The index's
    /// newest entries are walked back to the first whose row carries the tag: an entry forged by hand
    /// far ahead of the journal would otherwise start the follower past every row to come.
    /// </summary>
    public static long BeforeNewest(DbConnection connection, string tag, JournalProvider engine)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT COALESCE((SELECT x.ordering - 1 FROM journal_tag AS x
                             WHERE x.tag = @tag AND EXISTS (SELECT 1 FROM journal AS j WHERE j.ordering = x.ordering AND {Carries(engine, "@needle")})
                             ORDER BY x.ordering DESC LIMIT 1), 0)
            """;
        JournalRows.Add(command, "tag", tag);
        JournalRows.Add(command, "needle", $";{tag};");
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The engine's SQL for "row <c>j</c>'s tags hold <paramref name="needle"/>" (an SQL expression of <c>;tag;</c>), exactly.</summary>
    private static string Carries(JournalProvider engine, string needle) =>
        engine == JournalProvider.Postgres ? $"strpos(j.tags, {needle}) > 0" : $"instr(j.tags, {needle}) > 0";

    /// <summary>
    /// The index's entries whose row is gone or does not carry the tag, as (ordering, tag), in journal
    /// order: left by a hand at the journal or at the index. Followers pass over them.
    /// </summary>
    internal static string Stale(JournalProvider engine) => $"""
        SELECT x.ordering, x.tag FROM journal_tag AS x WHERE {Unbacked(engine)} ORDER BY x.ordering, x.tag
        """;

    /// <summary>"Entry <c>x</c> of the index has no row that carries its tag": what the audit names and a refill drops.</summary>
    internal static string Unbacked(JournalProvider engine) =>
        $"NOT EXISTS (SELECT 1 FROM journal AS j WHERE j.ordering = x.ordering AND {Carries(engine, "';' || x.tag || ';'")})";
}
