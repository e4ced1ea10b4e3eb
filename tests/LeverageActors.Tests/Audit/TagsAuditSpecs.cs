using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Persistence;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Support;
using Microsoft.Data.Sqlite;

namespace LeverageActors.Tests.Audit;

/// <summary>
/// A position whose rows lost their market's tag is never watched by its risk index after a
/// restart, so never liquidated; the hash chains cover events, not tags, and the tag index is only
/// compared with the rows' own tags, so stripping the tag from both passed the audit (a review's
/// finding). The audit now requires the tags the node's followers read each row by.
/// </summary>
public class TagsAuditSpecs
{
    [Fact]
    public void A_position_row_without_its_markets_tag_is_caught()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        var p = s.Opens(s.Funded("trader", 20_000m), PositionSide.Long, 1_000m, 10m);
        var dir = Directory.CreateTempSubdirectory("leverage-tags-").FullName;
        try
        {
            var path = Path.Combine(dir, "journal.db");
            JournalTableWriter.Write(path, s.X.Journal.Select(e => (e.PersistenceId, e.Event)));
            Assert.Empty(Audited(path).Violations);

            using (var connection = new SqliteConnection($"Data Source={path}"))
            {
                connection.Open();
                using var strip = connection.CreateCommand();
                strip.CommandText = "UPDATE journal SET tags = replace(tags, ';market:ETH-USD', '') WHERE persistence_id = $pid";
                strip.Parameters.AddWithValue("$pid", $"position-{p}");
                Assert.True(strip.ExecuteNonQuery() > 1);
            }

            var violations = Audited(path).Violations.Where(v => v.Rule == "tags").ToList();

            Assert.NotEmpty(violations);
            Assert.All(violations, v => Assert.Equal($"position-{p}", v.Entity));
            Assert.All(violations, v => Assert.EndsWith("(without market:ETH-USD)", v.Found));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static AuditLedger Audited(string path)
    {
        var ledger = new AuditLedger(MarketCatalog.Default);
        foreach (var row in new SqliteJournalSource(path).Rows())
            ledger.Read(row);
        ledger.Finish();
        return ledger;
    }
}
