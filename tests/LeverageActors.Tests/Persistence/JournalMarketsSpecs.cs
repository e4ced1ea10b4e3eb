using LeverageActors.Actors.Persistence;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Pools;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Persistence;

/// <summary>
/// A node names the markets whose pool took liquidity in the journal but that it is not configured
/// with: one recorded by an earlier start, or a default market, whose pool it finds without a record.
/// A market never traded is not named, nor one whose pool only opened (a breaker's halt opens one),
/// and a configured one never is.
/// </summary>
public abstract class JournalMarketsSpecs(TestDatabases databases)
{
    private static readonly string[] Defaults = ["BTC-USD", "ETH-USD", "SOL-USD"];

    [Fact]
    public void A_market_the_journal_holds_a_pool_of_is_named_once_the_node_is_not_configured_with_it()
    {
        using var database = databases.Durable();
        Assert.Empty(JournalMarkets.Unconfigured(database.Journal, ["ETH-USD", "DOGE-USD", "PEPE-USD"], Defaults));
        var rows = new List<(string, Messages.ILeverageEvent)>();
        foreach (var m in new[] { "DOGE-USD", "BTC-USD", "ETH-USD", "SOL-USD" })
        {
            rows.Add(($"pool-{m}", new PoolOpened(MarketId.From(m), new MarketParameters(), DateTimeOffset.UnixEpoch)));
            // SOL-USD's pool opened (a halt does that) and never took liquidity.
            if (m != "SOL-USD")
                rows.Add(($"pool-{m}", new LiquidityAdded(MarketId.From(m), AccountId.From("lp"), RequestId.From("r"), 1_000m, 1_000m, 1m, DateTimeOffset.UnixEpoch)));
        }

        JournalTableWriter.Write(database.Journal, rows);

        // The README's own override: ETH-USD named alone drops the defaults, and DOGE-USD is gone from the list.
        Assert.Equal(["BTC-USD", "DOGE-USD"], JournalMarkets.Unconfigured(database.Journal, ["ETH-USD"], Defaults));
        // PEPE-USD was recorded but never traded: nothing of it to watch.
        Assert.Empty(JournalMarkets.Unconfigured(database.Journal, ["ETH-USD", "DOGE-USD", "BTC-USD"], Defaults));
    }
}

public sealed class SqliteJournalMarketsSpecs() : JournalMarketsSpecs(TestDatabases.Sqlite);

[Collection(PostgresCollection.Name)]
public sealed class PostgresJournalMarketsSpecs(PostgresFixture postgres) : JournalMarketsSpecs(postgres.Databases);
