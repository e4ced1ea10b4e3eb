using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Audit;

/// <summary>
/// A journal written by a real node running a story with opens, closes, liquidations and bad
/// debt, and the books the node reported before it stopped; on SQLite or PostgreSQL.
/// </summary>
public abstract class AuditJournal(TestDatabase database) : IAsyncLifetime
{
    private readonly TestDatabase _database = database;

    public TestDatabase Database => _database;

    /// <summary>What <c>audit --db</c> takes for it.</summary>
    public string Argument => _database.AuditArgument;

    public List<object> LiveViews { get; } = [];

    public PositionId Liquidated { get; private set; }

    public DateTimeOffset MidStory { get; private set; }

    public async Task InitializeAsync()
    {
        var s = await Scenario.StartAsync(_database);
        await s.MarketIsWatched("ETH-USD");
        await s.OracleReports("ETH-USD", 2_000m);
        await s.GivenPool("ETH-USD", 1_000_000m);
        var a = await s.Trader("A").Deposits(10_000m);
        var b = await s.Trader("B").Deposits(10_000m);
        var winner = await a.Opens("ETH-USD", PositionSide.Short, 1_000m, 5m);
        Liquidated = await b.Opens("ETH-USD", PositionSide.Long, 1_000m, 10m);
        MidStory = s.Now;
        s.Advance(TimeSpan.FromHours(6));
        await s.OracleReports("ETH-USD", 1_810m);
        await s.PositionWhen(Liquidated, v => v.Status == PositionStatus.Liquidated, "liquidated");
        await a.Closes(winner);
        await b.Withdraws(500m);
        await s.BooksBalance();

        foreach (var id in new[] { a.Id, b.Id, AccountId.From("lp-ETH-USD"), Scenario.Liquidator })
            LiveViews.Add(await s.Balance(id));
        foreach (var id in new[] { winner, Liquidated })
            LiveViews.Add(await s.Settled(id) ?? throw new InvalidOperationException());
        await s.Node.DisposeAsync();
        if (_database.FilePath is not null)
            Checkpoint(_database.FilePath);
    }

    public AuditLedger Replay() => Replay(_database);

    public static AuditLedger Replay(TestDatabase database)
    {
        var ledger = new AuditLedger(MarketCatalog.Default);
        foreach (var row in JournalSource.For(database.Journal).Rows())
            ledger.Read(row);
        ledger.Finish();
        return ledger;
    }

    /// <summary>A copy to tamper with, disposed by the caller.</summary>
    public TestDatabase Copy() => _database.Copy();

    /// <summary>
    /// Moves everything from the write-ahead log into the main file and lets go of it, so copies
    /// of the file are whole and nothing holds a lock on it.
    /// </summary>
    private static void Checkpoint(string path)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Default Timeout=30;Pooling=False"))
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class SqliteAuditJournal() : AuditJournal(TestDatabase.OnDisk());

public sealed class PostgresAuditJournal(PostgresFixture postgres) : AuditJournal(postgres.NewDatabase());
