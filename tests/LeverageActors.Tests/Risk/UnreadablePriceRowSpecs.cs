using Akka.TestKit.Xunit2;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Risk;

/// <summary>
/// A row under a market's prices' tag that cannot be decoded (edited in the database) is passed over
/// by the market's risk index, which reads on, instead of failing its price feed until the feed's
/// back-off gives up and the index starts again, refolding the market.
/// </summary>
public sealed class UnreadablePriceRowSpecs : TestKit
{
    [Fact]
    public async Task The_risk_index_passes_over_an_unreadable_price_row_and_names_it_in_a_warning()
    {
        var database = TestDatabase.OnDisk();
        await using var s = await Scenario.StartAsync(database);
        await s.MarketIsWatched("ETH-USD");
        await s.OracleReports("ETH-USD", 2_000m);
        var warnings = CreateTestProbe(s.Node.System);
        s.Node.System.EventStream.Subscribe(warnings.Ref, typeof(Akka.Event.Warning));

        var row = await database.InsertUnreadableRow("oracle-ETH-USD-edited", "price:ETH-USD");

        await warnings.FishForMessageAsync(m => m is Akka.Event.Warning w && w.Message.ToString()!.Contains($"Passed over the journal's row #{row}"),
            TimeSpan.FromSeconds(20));
        // The index did not start again: it still watches the market and answers as before.
        await s.OracleReports("ETH-USD", 2_010m);
        await s.MarketIsWatched("ETH-USD");
        await s.BooksBalance();
    }
}
