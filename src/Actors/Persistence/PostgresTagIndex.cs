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

    /// <summary>
    /// The triggers on the journal that keep the index, each with the transition tables it reads and
    /// what its function does with them; <c>@index</c> stands for the index's table, named with its schema.
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string Event, string Tables, string Body)> Triggers =
    [
        ("journal_tag_insert", "INSERT", "NEW TABLE AS inserted",
            $"INSERT INTO @index (tag, ordering) {TagsOf("inserted")} ON CONFLICT DO NOTHING;"),
        ("journal_tag_update", "UPDATE", "OLD TABLE AS replaced NEW TABLE AS inserted",
            $"DELETE FROM @index x USING ({TagsOf("replaced")}) AS o WHERE x.tag = o.tag AND x.ordering = o.ordering; " +
            $"INSERT INTO @index (tag, ordering) {TagsOf("inserted")} ON CONFLICT DO NOTHING;"),
        ("journal_tag_delete", "DELETE", "OLD TABLE AS replaced",
            $"DELETE FROM @index x USING ({TagsOf("replaced")}) AS o WHERE x.tag = o.tag AND x.ordering = o.ordering;"),
    ];

    private const string TableExists = "SELECT to_regclass('journal_tag') IS NOT NULL";

    /// <summary>The journal's triggers in force: enabled, and not only for a replica's session ('R').</summary>
    private const string PresentTriggers =
        "SELECT tgname FROM pg_trigger WHERE tgrelid = 'journal'::regclass AND NOT tgisinternal AND tgenabled IN ('O', 'A')";

    /// <summary>Whether the role may create the index where it is missing: the table and functions in the schema, the triggers on the journal.</summary>
    private const string MayCreate =
        "SELECT has_schema_privilege(current_schema(), 'CREATE') AND has_table_privilege('journal', 'TRIGGER')";

    /// <summary>Each tag of a row that the index should hold and does not, as (ordering, tag), in journal order.</summary>
    internal static readonly string Missing = $"""
        SELECT DISTINCT j.ordering, t.tag FROM journal AS j CROSS JOIN LATERAL unnest(string_to_array(j.tags, ';')) AS t(tag)
        WHERE t.tag <> '' AND left(t.tag, {Integrity.ChainHash.TagPrefix.Length}) <> '{Integrity.ChainHash.TagPrefix}'
          AND NOT EXISTS (SELECT 1 FROM journal_tag AS x WHERE x.tag = t.tag AND x.ordering = j.ordering)
        ORDER BY j.ordering, t.tag
        """;

    private const string Table = "CREATE TABLE journal_tag (tag text NOT NULL, ordering bigint NOT NULL, PRIMARY KEY (tag, ordering));";

    /// <summary>
    /// Makes the index hold exactly the rows' tags: entries whose row is gone or no longer carries
    /// the tag dropped, the tags it lacks added. Run when it is created and whenever a trigger was
    /// missing, so rows written meanwhile are indexed too.
    /// </summary>
    private static readonly string Refill = $"""
        DELETE FROM journal_tag AS x WHERE {JournalTagIndex.Unbacked(JournalProvider.Postgres)};
        INSERT INTO journal_tag (tag, ordering) {TagsOf("journal")} ON CONFLICT DO NOTHING;
        """;

    /// <summary>
    /// The trigger's function, run with its creator's rights (the node's role needs none on the
    /// index), its tables named with their schema and its search path closed (the temporary
    /// schema last), refusing any table but the journal and executable by no one else.
    /// </summary>
    private static string Function((string Name, string Event, string Tables, string Body) trigger, string schema) => $"""
        CREATE OR REPLACE FUNCTION {schema}.{trigger.Name}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp
        AS $body$ BEGIN
          IF TG_RELID <> '{schema}.journal'::regclass THEN RAISE EXCEPTION 'the journal''s tag index is kept for {schema}.journal only'; END IF;
          {trigger.Body.Replace("@index", schema + ".journal_tag", StringComparison.Ordinal)} RETURN NULL;
        END $body$;
        REVOKE ALL ON FUNCTION {schema}.{trigger.Name}() FROM PUBLIC;
        DROP TRIGGER IF EXISTS {trigger.Name} ON {schema}.journal;
        CREATE TRIGGER {trigger.Name} AFTER {trigger.Event} ON {schema}.journal REFERENCING {trigger.Tables}
        FOR EACH STATEMENT EXECUTE FUNCTION {schema}.{trigger.Name}();
        """;

    /// <summary>Whoever may read the journal (a role, or everyone) may read its index.</summary>
    private static readonly string GrantToReaders = PostgresJournalGrant.Following("journal_tag", "SELECT", "SELECT", toOwner: false);

    /// <summary>How long the journal's lock is waited for before this start goes on without (re)indexing; the next start tries again.</summary>
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Creates what is missing of the index (the table, the triggers) and fills it from the rows
    /// already written, in <paramref name="transaction"/>, which holds the schema's lock: a journal
    /// either has the whole index or none of it. The journal is locked against writes first, so no
    /// row commits between the filling and the triggers; rows written while a trigger was gone are
    /// indexed then too. A role that may not create them leaves the journal as it was, without
    /// locking it (the node's catch-ups then scan), and so does a start that waited 10 s for the
    /// journal's lock behind a write held open.
    /// </summary>
    internal static void Ensure(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var tableExists = Scalar(connection, transaction, TableExists) is true;
        var present = Names(connection, transaction);
        var missing = Triggers.Where(t => !present.Contains(t.Name)).ToList();
        if ((tableExists && missing.Count == 0) || Scalar(connection, transaction, MayCreate) is not true)
            return;

        var schema = Scalar(connection, transaction, "SELECT quote_ident(current_schema())") as string
                     ?? throw new InvalidOperationException("no schema to create the journal's tag index in");
        Execute(connection, transaction, "SAVEPOINT journal_tag_index");
        try
        {
            // Behind a write held open (a hand's transaction) the lock would queue every node's writes behind it: give up instead.
            Execute(connection, transaction, $"SET LOCAL lock_timeout = '{LockWait.TotalMilliseconds:0}ms'; LOCK TABLE journal IN SHARE ROW EXCLUSIVE MODE; SET LOCAL lock_timeout = 0; " +
                (tableExists ? "" : Table + GrantToReaders) + string.Concat(missing.Select(t => Function(t, schema))) + Refill);
            Execute(connection, transaction, "RELEASE SAVEPOINT journal_tag_index");
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.LockNotAvailable)
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
    public static bool Usable(NpgsqlConnection connection) => Scalar(connection, null, InForce) is true;

    /// <summary><see cref="Usable"/> in one statement: it is asked before each page a catch-up reads.</summary>
    private static readonly string InForce = $"""
        SELECT COALESCE(has_table_privilege(to_regclass('journal_tag'), 'SELECT'), false)
          AND (SELECT COUNT(*) FROM pg_trigger WHERE tgrelid = to_regclass('journal') AND NOT tgisinternal AND tgenabled IN ('O', 'A')
               AND tgname IN ({string.Join(", ", Triggers.Select(t => $"'{t.Name}'"))})) = {Triggers.Count}
        """;

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
        // Indexing a journal from before reads all of it once: as long as that takes.
        using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        command.ExecuteNonQuery();
    }
}
