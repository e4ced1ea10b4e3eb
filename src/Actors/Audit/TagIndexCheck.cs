using System.Data.Common;
using LeverageActors.Actors.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// What the audit finds of a journal's tag index (<see cref="SqliteTagIndex"/>, <see cref="PostgresTagIndex"/>) against the
/// rows' own tags. The node's followers catch up through the index at every start, so a tag of a
/// row the index lacks is a row they would not see (a liquidator, a position the risk index never
/// watches), while the audit, which reads the rows, would: a hand at the index or its triggers.
/// </summary>
/// <param name="Present">False for a journal no node of this version has started on yet: nothing to compare.</param>
/// <param name="MissingTriggers">The triggers that keep the index and are gone (or, on PostgreSQL, disabled); a node's start creates them again.</param>
/// <param name="Missing">How many tags of rows the index lacks; null where not checked.</param>
/// <param name="First">The first of them, as "#ordering tag".</param>
/// <param name="Readable">False where the auditing role may not read the index (PostgreSQL): not checked.</param>
/// <param name="Stale">How many entries of the index have no row that carries their tag (a hand at the journal or the index); followers pass over them. Null where not checked.</param>
/// <param name="FirstStale">The first of them, as "#ordering tag".</param>
public sealed record TagIndexCheck(
    bool Present, IReadOnlyList<string> MissingTriggers, long? Missing, IReadOnlyList<string> First, bool Readable = true,
    long? Stale = 0, IReadOnlyList<string>? FirstStale = null)
{
    private const int Listed = 20;

    public bool Whole => !Present || (MissingTriggers.Count == 0 && Missing is null or 0);

    /// <summary>The index of the SQLite journal file at <paramref name="path"/>, opened read-only.</summary>
    public static TagIndexCheck Of(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger')";
        var names = new HashSet<string>(StringComparer.Ordinal);
        using (var reader = command.ExecuteReader())
            while (reader.Read())
                names.Add(reader.GetString(0) + ":" + reader.GetString(1));
        if (!names.Contains("table:journal_tag") || !names.Contains("table:journal"))
            return new(false, [], 0, []);

        var missingTriggers = SqliteTagIndex.TriggerNames.Where(t => !names.Contains("trigger:" + t)).ToList();
        command.CommandText = SqliteTagIndex.Missing;
        return Compared(command, missingTriggers, JournalProvider.Sqlite);
    }

    /// <summary>The index of the PostgreSQL journal at <paramref name="connectionString"/>.</summary>
    public static TagIndexCheck OfPostgres(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT to_regclass('journal_tag') IS NOT NULL AND to_regclass('journal') IS NOT NULL", connection);
        if (command.ExecuteScalar() is not true)
            return new(false, [], 0, []);
        var present = PostgresTagIndex.Names(connection, null);
        var missingTriggers = PostgresTagIndex.Triggers.Select(t => t.Name).Where(t => !present.Contains(t)).ToList();
        command.CommandText = "SELECT has_table_privilege('journal_tag', 'SELECT')";
        if (command.ExecuteScalar() is not true)
            return new(true, missingTriggers, null, [], Readable: false, Stale: null);
        command.CommandText = PostgresTagIndex.Missing;
        command.CommandTimeout = 0;
        return Compared(command, missingTriggers, JournalProvider.Postgres);
    }

    /// <summary>The tags <paramref name="missing"/> selects (ordering, tag), and the index's stale entries, each counted and the first few named.</summary>
    private static TagIndexCheck Compared(DbCommand missing, IReadOnlyList<string> missingTriggers, JournalProvider engine)
    {
        var (count, first) = Listing(missing);
        missing.CommandText = JournalTagIndex.Stale(engine);
        var (stale, firstStale) = Listing(missing);
        return new(true, missingTriggers, count, first, Stale: stale, FirstStale: firstStale);
    }

    private static (long Count, List<string> First) Listing(DbCommand command)
    {
        var count = 0L;
        var first = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            if (++count <= Listed)
                first.Add($"#{reader.GetInt64(0)} {reader.GetString(1)}");
        return (count, first);
    }
}
