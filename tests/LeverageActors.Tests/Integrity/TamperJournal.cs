using Akka.Actor;
using Akka.Hosting;
using LeverageActors.Actors.Integrity;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Journal;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Integrity;

/// <summary>
/// A journal written by real nodes: a story with deposits, opens, a liquidation and a close; a
/// digest asked for in the middle; a restart after which the recovered entities go on writing;
/// and the digest the node took when it stopped. On SQLite or PostgreSQL.
/// </summary>
public abstract class TamperJournal(TestDatabase database) : IAsyncLifetime
{
    public TestDatabase Database { get; } = database;

    /// <summary>The digest file the node wrote when asked, mid-story: more was written after it.</summary>
    public string MidDigest { get; private set; } = "";

    /// <summary>The digest file the node wrote when it stopped: it covers the whole journal.</summary>
    public string FinalDigest { get; private set; } = "";

    public PositionId Liquidated { get; private set; }

    public async Task InitializeAsync()
    {
        var s = await Scenario.StartAsync(Database);
        await s.MarketIsWatched("ETH-USD");
        await s.OracleReports("ETH-USD", 2_000m);
        await s.GivenPool("ETH-USD", 1_000_000m);
        var a = await s.Trader("A").Deposits(10_000m);
        var b = await s.Trader("B").Deposits(10_000m);
        var winner = await a.Opens("ETH-USD", PositionSide.Short, 1_000m, 5m);
        Liquidated = await b.Opens("ETH-USD", PositionSide.Long, 1_000m, 10m);
        s.Advance(TimeSpan.FromHours(6));
        await s.OracleReports("ETH-USD", 1_810m);
        await s.PositionWhen(Liquidated, v => v.Status == PositionStatus.Liquidated, "liquidated");

        var proxy = await ActorRegistry.For(s.Node.System).GetAsync<JournalDigestProxy>();
        await proxy.Ask<JournalDigestTaken>(new TakeJournalDigest(), Scenario.Timeout);
        MidDigest = await File.ReadAllTextAsync(s.Node.DigestFile);

        await a.Closes(winner);
        // Every entity wakes from the journal on the new node and must continue its chain.
        await s.Restart();
        await a.Deposits(2_500m);
        await b.Withdraws(500m);
        await s.BooksBalance();
        var digestFile = s.Node.DigestFile;
        await s.Node.DisposeAsync();
        FinalDigest = await File.ReadAllTextAsync(digestFile);
        if (Database.FilePath is not null)
            Checkpoint(Database.FilePath);
    }

    /// <summary>A copy to tamper with, disposed by the caller.</summary>
    public TestDatabase Copy() => Database.Copy();

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
        Database.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class SqliteTamperJournal() : TamperJournal(TestDatabase.OnDisk());

public sealed class PostgresTamperJournal(PostgresFixture postgres) : TamperJournal(postgres.NewDatabase());
