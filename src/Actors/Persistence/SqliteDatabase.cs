using Microsoft.Data.Sqlite;

namespace LeverageActors.Actors.Persistence;

/// <summary>Prepares the SQLite file a node journals into.</summary>
public static class SqliteDatabase
{
    /// <summary>
    /// A connection string for a journal file, with a busy timeout that outlasts checkpoints. It
    /// opens an existing file only: <see cref="Prepare"/> alone creates one, so a node whose file
    /// goes missing fails its writes instead of starting a second, empty history beside its first.
    /// </summary>
    public static string FileConnectionString(string path) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(path),
            Mode = SqliteOpenMode.ReadWrite,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

    /// <summary>
    /// Creates the directory and the file when missing, switches the file to WAL (a property of
    /// the file: set once, every later connection uses it) and creates the journal table in the
    /// plugin's layout, so the node's direct reads (<see cref="SqliteTagQuery"/>) never meet a
    /// database the plugin has not initialized yet.
    /// </summary>
    public static void Prepare(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var inMemory = IsInMemory(builder);
        if (!inMemory)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);
        }

        if (builder.Mode == SqliteOpenMode.ReadWrite)
            builder.Mode = SqliteOpenMode.ReadWriteCreate;
        // Nodes sharing one file wait for the first to index a journal from before the tag index:
        // a day of one market's prices took 1.7 s, so ten minutes cover about a year of them
        // (docs/BENCHMARKS.md, "Tags read from an index").
        builder.DefaultTimeout = Math.Max(builder.DefaultTimeout, 600);

        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = (inMemory ? "" : "PRAGMA journal_mode=WAL;") + JournalTable + ClusterMemberTable.SqliteTable;
        command.ExecuteNonQuery();
        command.CommandText = UniqueKeyHeld;
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 1)
            throw JournalUniqueKey.Missing("CREATE UNIQUE INDEX journal_pid_seq ON journal (persistence_id, sequence_number)");
        SqliteTagIndex.Ensure(connection);
    }

    /// <summary>
    /// Whether a unique index of exactly (persistence_id, sequence_number), without predicate or
    /// expression, holds the journal (<see cref="JournalUniqueKey"/>). One a constraint of the table
    /// made (not a <c>CREATE INDEX</c>) counts only in a table whose SQL names no conflict clause:
    /// <c>UNIQUE … ON CONFLICT IGNORE</c> or <c>REPLACE</c> turns a second write of one sequence
    /// number into a row silently dropped, or one already committed silently replaced (review).
    /// </summary>
    private const string UniqueKeyHeld = """
        SELECT EXISTS (SELECT 1 FROM pragma_index_list('journal') il
          WHERE il."unique" = 1 AND il.partial = 0
            AND (il.origin = 'c' OR NOT EXISTS (SELECT 1 FROM sqlite_master m WHERE m.type = 'table' AND m.name = 'journal' AND upper(m.sql) LIKE '%CONFLICT%'))
            AND (SELECT count(*) FROM pragma_index_info(il.name)) = 2
            AND (SELECT count(DISTINCT ii.name) FROM pragma_index_info(il.name) ii WHERE ii.name IN ('persistence_id', 'sequence_number')) = 2);
        """;

    /// <summary>The journal table and its unique key as Akka.Persistence.Sql creates them (its default table mapping).</summary>
    private const string JournalTable = """
        CREATE TABLE IF NOT EXISTS journal (
          ordering INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, created INTEGER NOT NULL, deleted Bit NOT NULL,
          persistence_id NVarChar(255) NOT NULL, sequence_number INTEGER NOT NULL, message VarBinary NOT NULL,
          tags NVarChar(100) NULL, manifest NVarChar(500) NULL, identifier INTEGER NULL, writer_uuid NVarChar(128) NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS journal_pid_seq ON journal (persistence_id, sequence_number);
        """;

    /// <summary>The same database opened only if its file exists: a missing journal is an error, never a fresh one.</summary>
    public static string ExistingOnly(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode == SqliteOpenMode.ReadWriteCreate && !IsInMemory(builder))
            builder.Mode = SqliteOpenMode.ReadWrite;
        return builder.ToString();
    }

    public static bool IsSharedCache(string connectionString) =>
        new SqliteConnectionStringBuilder(connectionString).Cache == SqliteCacheMode.Shared;

    public static bool IsInMemory(SqliteConnectionStringBuilder builder) =>
        builder.Mode == SqliteOpenMode.Memory
        || builder.DataSource is ":memory:" or ""
        || builder.DataSource.StartsWith("file::memory:", StringComparison.OrdinalIgnoreCase);
}
