using Npgsql;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// The PostgreSQL journal's tags as an index beside it, as SQLite's (<see cref="SqliteTagIndex"/>):
/// <c>journal_tag (tag, ordering)</c>, one row for every tag of every journal row but its chain
/// link. Without it every catch-up of a tag made the server scan the whole table, so a node's start
/// grew by ~1.7 s a day of one market's prices (docs/BENCHMARKS.md, "PostgreSQL's tags read from an
/// index"). Statement triggers keep it, in the transaction of the journal's own insert (COPY
/// included), update or delete, one statement per batch of rows; their functions run with the
/// rights of the role that created them, so a node's role needs no right on the index to write the
/// journal, only to read the index. A journal from before it is indexed once, by the first node
/// whose role may create it; until then, and for a role that may not read it, catch-ups scan.
/// </summary>
public static class PostgresTagIndex
{
    /// <summary>The tags of the transition table <paramref name="rows"/> the index holds, as (tag, ordering).</summary>
    private static string TagsOf(string rows) => $"""
        SELECT t.tag, r.ordering FROM {rows} AS r CROSS JOIN LATERAL unnest(string_to_array(r.tags, ';')) AS t(tag)
        WHERE t.tag <> '' AND left(t.tag, {Integrity.ChainHash.TagPrefix.Length}) <> '{Integrity.ChainHash.TagPrefix}'
        """;

    /// <summary>The triggers on the journal that keep the index, each with the function it runs and the transition tables it reads.</summary>
    public static readonly IReadOnlyList<(string Name, string Event, string Tables, string Body)> Triggers =
    [
        ("journal_tag_insert", "INSERT", "NEW TABLE AS inserted",
            $"INSERT INTO journal_tag (tag, ordering) {TagsOf("inserted")} ON CONFLICT DO NOTHING;"),
        ("journal_tag_update", "UPDATE", "OLD TABLE AS replaced NEW TABLE AS inserted",
            $"DELETE FROM journal_tag x USING ({TagsOf("replaced")}) AS o WHERE x.tag = o.tag AND x.ordering = o.ordering; " +
            $"INSERT INTO journal_tag (tag, ordering) {TagsOf("inserted")} ON CONFLICT DO NOTHING;"),
        ("journal_tag_delete", "DELETE", "OLD TABLE AS replaced",
            $"DELETE FROM journal_tag x USING ({TagsOf("replaced")}) AS o WHERE x.tag = o.tag AND x.ordering = o.ordering;"),
    ];

    private const string TableExists = "SELECT to_regclass('journal_tag') IS NOT NULL";

    private const string PresentTriggers =
        "SELECT tgname FROM pg_trigger WHERE tgrelid = 'journal'::regclass AND NOT tgisinternal AND tgenabled <> 'D'";

    /// <summary>Each tag of a row that the index should hold and does not, as (ordering, tag), in journal order.</summary>
    internal static readonly string Missing = $"""
        SELECT DISTINCT j.ordering, t.tag FROM journal AS j CROSS JOIN LATERAL unnest(string_to_array(j.tags, ';')) AS t(tag)
        WHERE t.tag <> '' AND left(t.tag, {Integrity.ChainHash.TagPrefix.Length}) <> '{Integrity.ChainHash.TagPrefix}'
          AND NOT EXISTS (SELECT 1 FROM journal_tag AS x WHERE x.tag = t.tag AND x.ordering = j.ordering)
        ORDER BY j.ordering, t.tag
        """;

    private static readonly string Table = $"""
        CREATE TABLE journal_tag (tag text NOT NULL, ordering bigint NOT NULL, PRIMARY KEY (tag, ordering));
        INSERT INTO journal_tag (tag, ordering) {TagsOf("journal")} ON CONFLICT DO NOTHING;
        """;

    private static string Function((string Name, string Event, string Tables, string Body) trigger) => $"""
        CREATE OR REPLACE FUNCTION {trigger.Name}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT
        AS $body$ BEGIN {trigger.Body} RETURN NULL; END $body$;
        CREATE TRIGGER {trigger.Name} AFTER {trigger.Event} ON journal REFERENCING {trigger.Tables}
        FOR EACH STATEMENT EXECUTE FUNCTION {trigger.Name}();
        """;

    /// <summary>
    /// Creates what is missing of the index (the table filled from the rows already written, the
    /// triggers), in <paramref name="transaction"/>, which holds the schema's lock: a journal either
    /// has the whole index or none of it. The journal is locked against writes first, so no row
    /// commits between the filling and the triggers. A role that may not create them leaves the
    /// journal as it was (the node's catch-ups then scan). Rows written while a trigger was gone
    /// stay unindexed; the audit names them.
    /// </summary>
    internal static void Ensure(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var tableExists = Scalar(connection, transaction, TableExists) is true;
        var present = Names(connection, transaction);
        var missing = Triggers.Where(t => !present.Contains(t.Name)).ToList();
        if (tableExists && missing.Count == 0)
            return;

        Execute(connection, transaction, "SAVEPOINT journal_tag_index");
        try
        {
            Execute(connection, transaction, "LOCK TABLE journal IN SHARE ROW EXCLUSIVE MODE; " + (tableExists ? "" : Table) +
                string.Concat(missing.Select(t => $"DROP TRIGGER IF EXISTS {t.Name} ON journal; " + Function(t))));
            Execute(connection, transaction, "RELEASE SAVEPOINT journal_tag_index");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            Execute(connection, transaction, "ROLLBACK TO SAVEPOINT journal_tag_index");
        }
    }

    /// <summary>
    /// The journal's highest ordering when its rows are not indexed (a journal written before the
    /// index, or one whose index the node's role may not create); null once indexed or with no journal yet.
    /// </summary>
    public static long? Pending(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        // Two statements: one naming a table that does not exist fails as it is parsed.
        if (Scalar(connection, null, "SELECT to_regclass('journal') IS NOT NULL AND to_regclass('journal_tag') IS NULL") is not true)
            return null;
        return Scalar(connection, null, "SELECT COALESCE(MAX(ordering), 0) FROM journal") is long highest ? highest : null;
    }

    /// <summary>
    /// Whether the node's catch-ups may read through the index: it exists, every trigger keeps it,
    /// and the node's role may read it. Otherwise they scan the journal, as before the index.
    /// </summary>
    public static bool Usable(NpgsqlConnection connection)
    {
        if (Scalar(connection, null, TableExists) is not true
            || Scalar(connection, null, "SELECT has_table_privilege('journal_tag', 'SELECT')") is not true)
            return false;
        var present = Names(connection, null);
        return Triggers.All(t => present.Contains(t.Name));
    }

    /// <summary>The names of the journal's enabled triggers that keep the index, present or not.</summary>
    internal static HashSet<string> Names(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        using var command = new NpgsqlCommand(PresentTriggers, connection, transaction);
        var names = new HashSet<string>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
            names.Add(reader.GetString(0));
        return names;
    }

    private static object? Scalar(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        return command.ExecuteScalar();
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }
}
