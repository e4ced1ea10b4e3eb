using Akka.Actor;
using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Serialization;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Scenarios;

/// <summary>
/// A node's pool does not keep its answer to every settlement for as long as it runs: once the risk
/// index reads a position's record of one, the pool forgets it in its journal. A node started on that
/// journal refuses a late copy of a forgotten settlement, and the books and the audit still hold.
/// </summary>
public class SettlementMemoryStory
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");

    [Fact]
    public async Task A_pool_forgets_what_its_positions_recorded_and_a_node_on_its_journal_settles_nothing_twice()
    {
        // The story's node owns the database and deletes it when it ends.
        var database = TestDatabase.OnDisk();
        await using var s = await Scenario.StartAsync(database);
        await s.OracleReports("ETH-USD", 2_000m);
        await s.GivenPool("ETH-USD", 1_000_000m);
        // Only what the index reads once caught up is told to the pool.
        await s.MarketIsWatched("ETH-USD");
        var a = await s.Trader("A").Deposits(10_000m);
        var p = await a.Opens("ETH-USD", PositionSide.Long, collateral: 1_000m, leverage: 10m);
        await s.OracleReports("ETH-USD", 2_100m);
        Assert.IsType<PositionCommandAccepted>(await a.Decreases(p, 0.4m));
        await Eventually.Holds("the pool forgot the decrease's settlement", () => Task.FromResult(Forgotten(database).Contains(new SettlementKey(p, 1))));
        var pool = await s.Pool("ETH-USD");
        await s.Restart();
        await s.MarketIsWatched("ETH-USD");

        // The position is still open: only the settlement's number tells a late copy from a new settlement.
        var partial = await s.Node.Pools.Ask<object>(new SettlePosition(Eth, p, 1, 0.4m, 398m, 2_100m, false, s.Now), Scenario.Timeout);
        Assert.Equal(RejectionCodes.SettlementRecorded, Assert.IsType<PoolCommandRejected>(partial).Reason.Code);
        Assert.Equal(pool.Assets, (await s.Pool("ETH-USD")).Assets);
        Assert.Equal(pool.Reserved, (await s.Pool("ETH-USD")).Reserved);

        Assert.IsType<PositionCommandAccepted>(await a.Closes(p));
        await Eventually.Holds("the pool forgot the close's settlement", () => Task.FromResult(Forgotten(database).Contains(new SettlementKey(p, 2))));
        pool = await s.Pool("ETH-USD");
        var final = await s.Node.Pools.Ask<object>(new SettlePosition(Eth, p, 2, 1m, 597m, 2_100m, false, s.Now), Scenario.Timeout);

        Assert.Equal(RejectionCodes.PositionNotFound, Assert.IsType<PoolCommandRejected>(final).Reason.Code);
        var after = await s.Pool("ETH-USD");
        Assert.Equal(pool.Assets, after.Assets);
        Assert.Equal(pool.InsuranceFund, after.InsuranceFund);
        Assert.Equal(pool.ProtocolFees, after.ProtocolFees);
        await s.BooksBalance();

        var audit = new AuditLedger(MarketCatalog.Default);
        foreach (var row in new SqliteJournalSource(database.FilePath!).Rows())
            audit.Read(row);
        audit.Finish();
        Assert.Empty(audit.Violations);
    }

    [Fact]
    public async Task A_node_on_a_journal_whose_pool_kept_answers_its_positions_recorded_forgets_them_once_its_index_caught_up()
    {
        // Written by the in-process exchange, which never forgets: as a node leaves it that stopped
        // before its index read the records, or ran before pools forgot.
        using var database = TestDatabase.OnDisk();
        LeverageActors.Actors.Persistence.JournalTableWriter.Write(database.Journal, Risk.RecordedSettlementsSpecs.Story().Journal);
        var closed = PositionId.From("closed");

        await using (var node = await TestNode.StartAsync(database))
        {
            await Eventually.Holds("the risk index of ETH-USD to catch up", async () =>
                await node.MarketWatch.Ask<object>(new Messages.Risk.GetRiskIndexStatus(Eth), Scenario.Timeout) is Messages.Risk.RiskIndexStatus { CaughtUp: true });
            await Eventually.Holds("the pool forgot the answers recorded before the node ran",
                () => Task.FromResult(Forgotten(database).Count == 2));
        }

        Assert.Equal([new SettlementKey(closed, 1), new SettlementKey(closed, 2)], Forgotten(database).OrderBy(k => k.Number));
        var audit = new AuditLedger(MarketCatalog.Default);
        foreach (var row in new SqliteJournalSource(database.FilePath!).Rows())
            audit.Read(row);
        audit.Finish();
        Assert.Empty(audit.Violations);
    }

    private static List<SettlementKey> Forgotten(TestDatabase database) =>
        [.. new SqliteJournalSource(database.FilePath!).Rows()
            .Where(r => r.Manifest == MessageManifests.ByType[typeof(SettlementsForgotten)])
            .SelectMany(r => ((SettlementsForgotten)LeverageSerializer.Decode(r.Payload, r.Manifest!)).Settlements)];
}
