using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Audit;

/// <summary>
/// A journal file written by a real node running a story with opens, closes, liquidations and
/// bad debt, and the books the node reported before it stopped.
/// </summary>
public sealed class AuditJournal : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.OnDisk();

    public string Path => _database.FilePath!;

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
    }

    public AuditLedger Replay()
    {
        var ledger = new AuditLedger(MarketCatalog.Default);
        foreach (var row in new SqliteJournalSource(Path).Rows())
            ledger.Read(row);
        ledger.Finish();
        return ledger;
    }

    /// <summary>A copy to tamper with.</summary>
    public string Copy()
    {
        var copy = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, $"tampered-{Guid.NewGuid():N}.db");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path}"))
        {
            connection.Open();
            using var backup = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={copy}");
            connection.BackupDatabase(backup);
        }

        return copy;
    }

    public Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }
}
