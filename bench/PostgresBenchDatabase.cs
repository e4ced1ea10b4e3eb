using System.Diagnostics;
using LeverageActors.Actors.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace LeverageActors.Bench;

/// <summary>
/// A database on a PostgreSQL server, and the baseline of one binary COPY of journal-shaped rows
/// into a table of the journal's layout in the same database.
/// </summary>
/// <param name="dataDirectory">The server's data directory, to read its processes' CPU; null: not reported.</param>
public sealed class PostgresBenchDatabase(string connectionString, string? dataDirectory = null) : BenchDatabase
{
    public override string Engine => "PostgreSQL";

    public override JournalDatabase Journal { get; } = JournalDatabase.Postgres(connectionString);

    public override string RawWrite => "raw binary COPY";

    public override TimeSpan? ServerCpu() => dataDirectory is null ? null : Bench.ServerCpu.Of(dataDirectory);

    public override long Count(string? manifest = null, long afterOrdering = 0) =>
        Scalar("SELECT COUNT(*) FROM journal WHERE ordering > " + afterOrdering + (manifest is null ? "" : $" AND manifest = '{manifest}'"));

    public override long HighestOrdering() => Scalar("SELECT COALESCE(MAX(ordering), 0) FROM journal");

    public override long Snapshots() => Scalar("SELECT COUNT(*) FROM snapshot");

    public override long LargestSnapshot() => Scalar("SELECT COALESCE(MAX(octet_length(snapshot)), 0) FROM snapshot");

    protected override void Unindex()
    {
        using var db = new NpgsqlConnection(connectionString);
        db.Open();
        using var command = new NpgsqlCommand("DROP TABLE journal_tag; " +
            string.Concat(PostgresTagIndex.Triggers.Select(t => $"DROP TRIGGER {t.Name} ON journal; DROP FUNCTION {t.Name}(); ")), db);
        command.ExecuteNonQuery();
    }

    protected override void Prepare() => PostgresDatabase.Prepare(connectionString);

    private long Scalar(string sql)
    {
        using var db = new NpgsqlConnection(connectionString);
        db.Open();
        using var command = new NpgsqlCommand(sql, db);
        // COUNT is a bigint, octet_length an integer.
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public override double RawInsert(long rows, bool warmUp = false)
    {
        using var db = new NpgsqlConnection(connectionString);
        db.Open();
        using (var create = new NpgsqlCommand("CREATE TABLE raw_rows (LIKE journal INCLUDING ALL)", db))
            create.ExecuteNonQuery();
        if (warmUp)
        {
            Copy(db, rows);
            using var empty = new NpgsqlCommand("TRUNCATE raw_rows", db);
            empty.ExecuteNonQuery();
        }

        var watch = Stopwatch.StartNew();
        Copy(db, rows);
        return rows / watch.Elapsed.TotalSeconds;
    }

    private static void Copy(NpgsqlConnection db, long rows)
    {
        var payload = new byte[300];
        using var copy = db.BeginBinaryImport(
            "COPY raw_rows (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier) FROM STDIN (FORMAT BINARY)");
        for (long i = 0; i < rows; i++)
        {
            copy.StartRow();
            copy.Write(0L, NpgsqlDbType.Bigint);
            copy.Write(false, NpgsqlDbType.Boolean);
            copy.Write($"position-{i}", NpgsqlDbType.Text);
            copy.Write(i, NpgsqlDbType.Bigint);
            copy.Write(payload, NpgsqlDbType.Bytea);
            copy.Write(";position;market:ETH-USD;", NpgsqlDbType.Text);
            copy.Write("XO", NpgsqlDbType.Text);
            copy.Write(1, NpgsqlDbType.Integer);
        }

        copy.Complete();
    }
}
