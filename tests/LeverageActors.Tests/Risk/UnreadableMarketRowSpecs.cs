using Akka.TestKit.Xunit2;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Risk;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Risk;

/// <summary>
/// One row under a market's tag that cannot be decoded (edited in the database) must not stop the
/// market's watch: the entity it belongs to cannot recover anyway, but every other position of the
/// market must still be caught up on and liquidated when breached.
/// </summary>
public sealed class UnreadableMarketRowSpecs : TestKit
{
    [Fact]
    public async Task The_risk_index_reads_past_an_unreadable_row_of_its_market_and_a_breached_position_is_still_liquidated()
    {
        var database = TestDatabase.OnDisk();
        await using var s = await Scenario.StartAsync(database);
        await s.MarketIsWatched("ETH-USD");
        await s.OracleReports("ETH-USD", 2_000m);
        await s.GivenPool("ETH-USD", 1_000_000m);
        var a = await s.Trader("A").Deposits(10_000m);
        var p = await a.Opens("ETH-USD", PositionSide.Long, 1_000m, 20m);
        await database.InsertUnreadableRow("position-edited", "market:ETH-USD");

        // Read from the start, as after any restart: the row lies in the index's catch-up and in its live feed's start.
        await s.Restart();
        await s.MarketIsWatched("ETH-USD");
        s.Advance(TimeSpan.FromMinutes(2));
        await s.OracleReports("ETH-USD", 1_910m);

        await s.PositionWhen(p, v => v.Status == PositionStatus.Liquidated, "liquidated");
        await s.BooksBalance();
    }

    /// <summary>
    /// A row that stays unreadable is looked at again, not read past again: starting the index again
    /// each time refolded the market every minute, and a large one never caught up (found by a
    /// read-only review). Only the first catch-up and the live feed pass over it.
    /// </summary>
    [Fact]
    public async Task A_row_that_stays_unreadable_does_not_start_the_index_again()
    {
        var database = TestDatabase.OnDisk();
        await using var s = await Scenario.StartAsync(database, hocon: "leverage.journal.unreadable-reread-after = 300ms");
        await s.MarketIsWatched("ETH-USD");
        var warnings = CreateTestProbe(s.Node.System);
        s.Node.System.EventStream.Subscribe(warnings.Ref, typeof(Akka.Event.Warning));

        await database.InsertUnreadableRow("position-edited", "market:ETH-USD");

        await warnings.FishForMessageAsync(m => m is Akka.Event.Warning w && w.Message.ToString()!.Contains("Passed over the journal's row"));
        // Ten looks at the row and more: none starts the index again, which would pass over the row anew.
        var later = warnings.ReceiveWhile(TimeSpan.FromSeconds(4), m => (Akka.Event.Warning)m);
        Assert.DoesNotContain(later, w => w.Message.ToString()!.Contains("Passed over the journal's row"));
        await s.MarketIsWatched("ETH-USD");
    }

    /// <summary>
    /// A forger who garbles a position's first row while the index reads it (its serializer id: a
    /// column no hash covers), then puts it back, left the position unwatched until the next start:
    /// never checked, never liquidated (found by a read-only review). The index reads the journal
    /// again from before a row it passed over, so the row whole again is read.
    /// </summary>
    [Fact]
    public async Task A_row_garbled_for_a_moment_is_read_once_it_is_whole_again()
    {
        var database = TestDatabase.OnDisk();
        await using var s = await Scenario.StartAsync(database, hocon: "leverage.journal.unreadable-reread-after = 1s");
        await s.MarketIsWatched("ETH-USD");
        await s.OracleReports("ETH-USD", 2_000m);
        await s.GivenPool("ETH-USD", 1_000_000m);
        var a = await s.Trader("A").Deposits(10_000m);
        var p = await a.Opens("ETH-USD", PositionSide.Long, 1_000m, 20m);
        var first = $"persistence_id = '{Actors.Common.PersistenceIds.Position(p)}' AND sequence_number = 1";
        var serializer = Convert.ToInt64(await database.ScalarAsync($"SELECT identifier FROM journal WHERE {first}"));
        database.Execute($"UPDATE journal SET identifier = 0 WHERE {first}");

        await s.Restart();
        await s.MarketIsWatched("ETH-USD");
        database.Execute($"UPDATE journal SET identifier = {serializer} WHERE {first}");

        await Eventually.Holds("the index to watch the position again", async () =>
            await s.Ask<RiskIndexStatus>(s.Node.MarketWatch, new GetRiskIndexStatus(MarketId.From("ETH-USD"))) is { CaughtUp: true, Watched: 1 });
        s.Advance(TimeSpan.FromMinutes(2));
        await s.OracleReports("ETH-USD", 1_910m);
        await s.PositionWhen(p, v => v.Status == PositionStatus.Liquidated, "liquidated");
        await s.BooksBalance();
    }
}
