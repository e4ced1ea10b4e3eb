using LeverageActors.Actors.Persistence;

namespace LeverageActors.Bench;

/// <summary>
/// One scenario's journal database, SQLite or PostgreSQL, with what the harness measures on it
/// directly: rows written, and the baseline of raw writes of journal-shaped rows into it.
/// </summary>
public abstract class BenchDatabase
{
    /// <summary>"SQLite" or "PostgreSQL", as the report names it.</summary>
    public abstract string Engine { get; }

    public abstract JournalDatabase Journal { get; }

    /// <summary>What the raw baseline is, e.g. "raw binary COPY".</summary>
    public abstract string RawWrite { get; }

    /// <summary>
    /// Rows in the journal table after <paramref name="afterOrdering"/>, or only those with
    /// <paramref name="manifest"/>. A count polled during a run must pass the ordering taken before
    /// it: a scan of the whole table (hundreds of MB at 100,000 positions) took a core from the node.
    /// </summary>
    public abstract long Count(string? manifest = null, long afterOrdering = 0);

    /// <summary>The highest ordering in the journal table (0 when empty).</summary>
    public abstract long HighestOrdering();

    /// <summary>Rows in the snapshot store's table.</summary>
    public abstract long Snapshots();

    /// <summary>Bytes of the largest snapshot row (0 when none).</summary>
    public abstract long LargestSnapshot();

    /// <summary>CPU time the database's server processes have used so far; null for an embedded engine.</summary>
    public virtual TimeSpan? ServerCpu() => null;

    /// <summary>Drops the journal's tag index, as a version before it left the journal, and prepares it as a node's first start does: the time of indexing it once.</summary>
    public TimeSpan Reindex()
    {
        Unindex();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Prepare();
        return watch.Elapsed;
    }

    /// <summary>Drops the tag index: its table and what keeps it.</summary>
    protected abstract void Unindex();

    /// <summary>Prepares the database as a node's start does.</summary>
    protected abstract void Prepare();

    /// <summary>
    /// Writes <paramref name="rows"/> journal-shaped rows into a table of their own in the same database: rows/s.
    /// With <paramref name="warmUp"/>, the same rows are written and removed once first, untimed, so the
    /// timed write pays no first-use costs (the client's code compiled, the server's caches loaded).
    /// </summary>
    public abstract double RawInsert(long rows, bool warmUp = false);
}

/// <summary>Fresh databases of one engine, one per scenario.</summary>
public sealed class BenchDatabases(string engine, Func<string, BenchDatabase> create)
{
    public string Engine { get; } = engine;

    /// <summary>A new empty database; <paramref name="name"/> tells scenarios apart.</summary>
    public BenchDatabase Create(string name) => create(name);
}
