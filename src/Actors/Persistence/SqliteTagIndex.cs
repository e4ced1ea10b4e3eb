using Microsoft.Data.Sqlite;

namespace LeverageActors.Actors.Persistence;

/// <summary>
/// The SQLite journal's tags as an index beside it: one row (tag, ordering) for every tag of every
/// journal row but its chain link. Without it every catch-up of a tag scanned the whole table, so a
/// node's start-up grew with the journal's age even for a market that never traded: about 0.15 s a
/// day of one market's prices for each of a start's followers (docs/BENCHMARKS.md, "Tags read
/// from an index"). Triggers keep it, in the transaction of the row's own insert, update or delete,
/// so it holds whatever wrote the row: the node, the offline writer, an earlier version of the node,
/// or a hand at the database. A journal from before it is indexed once, when the node prepares the
/// file.
/// </summary>
public static class SqliteTagIndex
{
    /// <summary>
    /// The tags of <paramref name="row"/> (<c>NEW</c>, <c>OLD</c> or <c>journal</c>) as a JSON array
    /// for <c>json_each</c>: the column's <c>;a;b;</c> with each separator a string boundary,
    /// backslashes and quotes escaped. Ids allow neither (<c>IdRules</c>); a value that is still not
    /// JSON (a control character edited in) indexes nothing rather than fail the write or the start;
    /// the audit, which splits the column as the node's tail does, names such a row (<see cref="Missing"/>).
    /// </summary>
    private static string Tags(string row)
    {
        var array = $"""'["' || replace(replace(replace(trim({row}.tags, ';'), '\', '\\'), '"', '\"'), ';', '","') || '"]'""";
        return $"CASE WHEN json_valid({array}) THEN {array} ELSE '[]' END";
    }

    /// <summary>The tags indexed: a chain link is every row's own and never followed.</summary>
    private const string Indexed = $"t.value <> '' AND substr(t.value, 1, 6) <> '{Integrity.ChainHash.TagPrefix}'";

    /// <summary>The journal's triggers that keep the index (declared before the statements that name them: statics start in order).</summary>
    internal static readonly string[] TriggerNames = ["journal_tag_insert", "journal_tag_update", "journal_tag_delete"];

    private const string Table = "CREATE TABLE IF NOT EXISTS journal_tag (tag TEXT NOT NULL, ordering INTEGER NOT NULL, PRIMARY KEY (tag, ordering)) WITHOUT ROWID;";

    /// <summary>
    /// Makes the index hold the rows' tags: entries whose row is gone or no longer carries the tag
    /// dropped, the tags it lacks added. Run when it is created and whenever a trigger was missing,
    /// so rows written meanwhile are indexed too.
    /// </summary>
    private static readonly string Refill = $"""
        DELETE FROM journal_tag AS x WHERE {JournalTagIndex.Unbacked(JournalProvider.Sqlite)};
        INSERT OR IGNORE INTO journal_tag (tag, ordering) SELECT t.value, journal.ordering FROM journal, json_each({Tags("journal")}) AS t WHERE {Indexed};
        """;

    private static readonly string Triggers = $"""
        CREATE TRIGGER IF NOT EXISTS {TriggerNames[0]} AFTER INSERT ON journal BEGIN
          INSERT OR IGNORE INTO journal_tag (tag, ordering) SELECT t.value, NEW.ordering FROM json_each({Tags("NEW")}) AS t WHERE {Indexed};
        END;
        CREATE TRIGGER IF NOT EXISTS {TriggerNames[1]} AFTER UPDATE OF tags, ordering ON journal BEGIN
          DELETE FROM journal_tag WHERE ordering = OLD.ordering AND tag IN (SELECT t.value FROM json_each({Tags("OLD")}) AS t);
          INSERT OR IGNORE INTO journal_tag (tag, ordering) SELECT t.value, NEW.ordering FROM json_each({Tags("NEW")}) AS t WHERE {Indexed};
        END;
        CREATE TRIGGER IF NOT EXISTS {TriggerNames[2]} AFTER DELETE ON journal BEGIN
          DELETE FROM journal_tag WHERE ordering = OLD.ordering AND tag IN (SELECT t.value FROM json_each({Tags("OLD")}) AS t);
        END;
        """;

    /// <summary>
    /// Each tag of a row that the index should hold and does not, as (ordering, tag), in journal
    /// order. The tags are split here as the node's tail splits them (at every ';', empty parts
    /// dropped), not as the triggers do, so a value the triggers cannot read (a control character
    /// edited in, which they index under no tag) is named too.
    /// </summary>
    internal const string Missing = $"""
        WITH RECURSIVE part(ordering, rest, tag) AS (
          SELECT ordering, tags || ';', NULL FROM journal WHERE tags IS NOT NULL
          UNION ALL
          SELECT ordering, substr(rest, instr(rest, ';') + 1), substr(rest, 1, instr(rest, ';') - 1) FROM part WHERE instr(rest, ';') > 0)
        SELECT DISTINCT part.ordering, part.tag FROM part
        WHERE part.tag <> '' AND substr(part.tag, 1, 6) <> '{Integrity.ChainHash.TagPrefix}'
          AND NOT EXISTS (SELECT 1 FROM journal_tag x WHERE x.tag = part.tag AND x.ordering = part.ordering)
        ORDER BY part.ordering, part.tag
        """;

    /// <summary>
    /// Creates the index and fills it from the rows already written, in one transaction with its
    /// triggers: a journal either has the whole index or none of it, whenever a start is cut short.
    /// Triggers dropped since are created again, and the rows written without them indexed then.
    /// The journal table must exist.
    /// </summary>
    internal static void Ensure(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            SELECT COUNT(*) FROM sqlite_master WHERE (type = 'table' AND name = 'journal_tag')
              OR (type = 'trigger' AND name IN ({string.Join(", ", TriggerNames.Select(t => $"'{t}'"))}))
            """;
        var present = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (present == TriggerNames.Length + 1)
            return;
        command.CommandText = Table + Triggers + Refill;
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    /// <summary>
    /// The journal's highest ordering when its rows are yet to be indexed (a journal written by a
    /// version before the index); null when there is nothing to index or no journal yet.
    /// </summary>
    public static long? Pending(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(SqliteDatabase.ExistingOnly(connectionString));
        if (SqliteDatabase.IsInMemory(builder) || !File.Exists(builder.DataSource))
            return null;
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT CASE WHEN EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'journal')
              AND NOT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'journal_tag')
              THEN (SELECT MAX(ordering) FROM journal) END
            """;
        return command.ExecuteScalar() is long highest ? highest : null;
    }
}
