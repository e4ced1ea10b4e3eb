using System.Diagnostics;
using LeverageActors.Actors.Persistence;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Bench;

/// <summary>A SQLite journal file, and the baseline of inserts in 1,000-row transactions into the same file.</summary>
public sealed class SqliteBenchDatabase(string path) : BenchDatabase
{
    public override string Engine => "SQLite";

    public override JournalDatabase Journal { get; } = JournalDatabase.SqliteFile(path);

    public override string RawWrite => "raw batched insert";

    public override long Count(string? manifest = null, long afterOrdering = 0) =>
        Scalar("SELECT COUNT(*) FROM journal WHERE ordering > " + afterOrdering + (manifest is null ? "" : $" AND manifest = '{manifest}'"));

    public override long HighestOrdering() => Scalar("SELECT COALESCE(MAX(ordering), 0) FROM journal");

    /// <summary>The plugin creates its snapshot table on the store's first use: none before it.</summary>
    public override long Snapshots() =>
        Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'snapshot'") == 0 ? 0 : Scalar("SELECT COUNT(*) FROM snapshot");

    public override long LargestSnapshot() =>
        Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'snapshot'") == 0 ? 0 : Scalar("SELECT COALESCE(MAX(LENGTH(snapshot)), 0) FROM snapshot");

    protected override void Unindex()
    {
        using var db = new SqliteConnection($"Data Source={path};Pooling=False");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "DROP TABLE journal_tag; DROP TRIGGER journal_tag_insert; DROP TRIGGER journal_tag_update; DROP TRIGGER journal_tag_delete";
        command.ExecuteNonQuery();
    }

    protected override void Prepare() => SqliteDatabase.Prepare(Journal.ConnectionString);

    private long Scalar(string sql)
    {
        using var db = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    public override double RawInsert(long rows, bool warmUp = false)
    {
        using var db = new SqliteConnection($"Data Source={path};Pooling=False");
        db.Open();
        using (var create = db.CreateCommand())
        {
            create.CommandText = "PRAGMA synchronous=NORMAL; CREATE TABLE raw_rows (ordering INTEGER PRIMARY KEY AUTOINCREMENT, persistence_id TEXT, sequence_number INTEGER, message BLOB, manifest TEXT)";
            create.ExecuteNonQuery();
        }

        if (warmUp)
        {
            Insert(db, rows);
            using var empty = db.CreateCommand();
            empty.CommandText = "DELETE FROM raw_rows";
            empty.ExecuteNonQuery();
        }

        var watch = Stopwatch.StartNew();
        Insert(db, rows);
        return rows / watch.Elapsed.TotalSeconds;
    }

    private static void Insert(SqliteConnection db, long rows)
    {
        var payload = new byte[300];
        for (long done = 0; done < rows;)
        {
            using var transaction = db.BeginTransaction();
            using var insert = db.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO raw_rows (persistence_id, sequence_number, message, manifest) VALUES ($p, $s, $m, 'XO')";
            var p = insert.Parameters.Add("$p", SqliteType.Text);
            var s = insert.Parameters.Add("$s", SqliteType.Integer);
            insert.Parameters.AddWithValue("$m", payload);
            for (var i = 0; i < 1000 && done < rows; i++, done++)
            {
                p.Value = $"position-{done}";
                s.Value = done;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }
}
