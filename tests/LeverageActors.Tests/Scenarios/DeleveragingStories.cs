using Akka.Actor;
using LeverageActors.Actors.Audit;
using LeverageActors.Actors.Deleveraging;
using LeverageActors.Actors.Markets;
using LeverageActors.Messages;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;
using LeverageActors.Messages.Risk;
using LeverageActors.Messages.Serialization;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Scenarios;

/// <summary>
/// Auto-deleveraging on a node: the market's deleverager reads the journal and the oracle's prices,
/// the positions record the ranking and settle at the oracle price. The books balance and the audit
/// of the node's journal proves every reduction.
/// </summary>
public abstract class DeleveragingStories(TestDatabases databases)
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");

    /// <summary>
    /// A pool of 10,000 and five longs at 2,000 reserving 8,800 (the pure story's longs, <see cref="Deleveraging.AdlStory"/>).
    /// No short: its liquidation in the same rally would move the factor while the round runs.
    /// </summary>
    private static async Task<(Scenario S, PositionId[] Longs)> OneSidedMarket(TestDatabase database)
    {
        var s = await Scenario.StartAsync(database, TestMarkets.WithoutPoolOpenInterestShare);
        await s.MarketIsWatched("ETH-USD");
        await s.OracleReports("ETH-USD", 2_000m);
        await s.GivenPool("ETH-USD", 10_000m);
        var longs = new List<PositionId>();
        foreach (var (name, collateral, leverage) in new[] { ("A", 400m, 10m), ("B", 600m, 5m), ("C", 1_000m, 2m), ("D", 800m, 2.5m), ("E", 300m, 3m) })
            longs.Add(await (await s.Trader(name).Deposits(1_000m)).Opens("ETH-USD", PositionSide.Long, collateral, leverage));
        return (s, [.. longs]);
    }

    private static List<ILeverageEvent> Journal(TestDatabase database) =>
        JournalSource.For(database.Journal).Rows().Select(r => (ILeverageEvent)LeverageSerializer.Decode(r.Payload, r.Manifest!)).ToList();

    private static decimal FactorAt(IEnumerable<ILeverageEvent> journal, decimal price, DateTimeOffset at)
    {
        var watch = new AdlWatch(Eth);
        foreach (var evt in journal)
            watch.Observe(evt);
        var (net, value) = watch.Measure(price, at);
        return AdlMath.Factor(net, value);
    }

    [Fact]
    public async Task A_rally_past_85_percent_reduces_the_best_ranked_longs_in_order_to_77_percent_and_survives_a_restart()
    {
        var database = databases.Durable();
        var (s, longs) = await OneSidedMarket(database);
        await using var _ = s;
        var (a, b) = (longs[0], longs[1]);

        s.Advance(TimeSpan.FromMinutes(10));
        await s.OracleReports("ETH-USD", 4_000m);

        // A (score 181.8) closes in full, B (40.2) in part; E, D and C rank after and are not needed.
        await s.PositionWhen(a, v => v.Status == PositionStatus.Closed, "closed by ADL");
        var partly = await s.PositionWhen(b, v => v.Quantity < 1.5m, "reduced by ADL");
        Assert.Equal(PositionStatus.Open, partly.Status);
        foreach (var untouched in longs.Skip(2))
            Assert.Equal(PositionStatus.Open, (await s.Settled(untouched))!.Status);
        Assert.Equal(1m, (await s.Settled(longs[2]))!.Quantity);
        await s.BooksBalance();

        var journal = Journal(database);
        var reductions = journal.OfType<AutoDeleverageStarted>().ToList();
        Assert.Equal([a, b], reductions.OrderBy(r => r.Rank).Select(r => r.PositionId));
        Assert.Equal([1, 2], reductions.OrderBy(r => r.Rank).Select(r => r.Rank));
        Assert.All(reductions, r => Assert.Equal(4_000m, r.Price));
        Assert.True(reductions.Single(r => r.PositionId == a).Score > reductions.Single(r => r.PositionId == b).Score);
        Assert.True(reductions[0].NetPnl / reductions[0].PoolValue > 0.85m);
        var after = FactorAt(journal, 4_000m, s.Now);
        Assert.True(after <= 0.77m, $"factor after ADL {after}");

        var audit = new AuditLedger(TestMarkets.WithoutPoolOpenInterestShare);
        foreach (var row in JournalSource.For(database.Journal).Rows())
            audit.Read(row);
        audit.Finish();
        Assert.Empty(audit.Violations);
        Assert.Equal(2, audit.Deleverages.Count);
        Assert.All(audit.Deleverages, p => Assert.True(p.Triggered));

        // A node started again on the journal reads the reductions back: the positions as they were,
        // and the deleverager, rebuilt from the journal, starts no second round at the same price.
        var b_before = partly.Quantity;
        await s.Restart();
        await s.MarketIsWatched("ETH-USD");
        Assert.Equal(PositionStatus.Closed, (await s.Settled(a))!.Status);
        Assert.Equal(b_before, (await s.Settled(b))!.Quantity);
        s.Advance(TimeSpan.FromMinutes(1));
        await s.OracleReports("ETH-USD", 4_000m);
        await s.OracleReports("ETH-USD", 4_000m);
        Assert.Equal(2, Journal(database).OfType<AutoDeleverageStarted>().Count());
        Assert.Equal(b_before, (await s.Settled(b))!.Quantity);
        await s.BooksBalance();
    }

    [Fact]
    public async Task A_gap_whose_shortfall_the_empty_insurance_fund_cannot_cover_past_2_percent_of_the_pool_reduces_the_best_ranked_long()
    {
        // The pure story's market (Deleveraging.LpLossStory): two longs and a 10x short at 2,000, no insurance fund.
        var database = databases.Durable();
        var s = await Scenario.StartAsync(database, TestMarkets.WithoutPoolOpenInterestShare);
        await using var _ = s;
        await s.MarketIsWatched("ETH-USD");
        await s.OracleReports("ETH-USD", 2_000m);
        await s.GivenPool("ETH-USD", 10_000m);
        var big = await (await s.Trader("big").Deposits(1_000m)).Opens("ETH-USD", PositionSide.Long, 400m, 5m);
        var small = await (await s.Trader("small").Deposits(1_000m)).Opens("ETH-USD", PositionSide.Long, 300m, 3m);
        var shortId = await (await s.Trader("short").Deposits(1_000m)).Opens("ETH-USD", PositionSide.Short, 200m, 10m);

        // At 2,500 the short owes about 302 beyond its collateral, whether the deleverager sees it pending
        // or the liquidator has made it the LPs' bad debt first: about 102 past the day's 2% of the pool.
        s.Advance(TimeSpan.FromMinutes(1));
        await s.OracleReports("ETH-USD", 2_500m);
        var reduced = await s.PositionWhen(big, v => v.Quantity < 1m, "reduced by ADL");
        Assert.InRange(reduced.Quantity, 0.78m, 0.81m);
        Assert.Equal(0.45m, (await s.Settled(small))!.Quantity);
        await s.PositionWhen(shortId, v => v.Status == PositionStatus.Liquidated, "liquidated");
        await s.BooksBalance();

        var reduction = Assert.Single(Journal(database).OfType<AutoDeleverageStarted>());
        Assert.Equal(big, reduction.PositionId);
        Assert.NotNull(reduction.LpLoss);
        Assert.Equal(0m, reduction.LpLoss.InsuranceFund);
        Assert.True(reduction.LpLoss.Projected() > 0.02m * reduction.PoolValue);
        Assert.True(reduction.NetPnl / reduction.PoolValue < 0.85m);

        var audit = new AuditLedger(TestMarkets.WithoutPoolOpenInterestShare);
        foreach (var row in JournalSource.For(database.Journal).Rows())
            audit.Read(row);
        audit.Finish();
        Assert.Empty(audit.Violations);
        var proof = Assert.Single(audit.Deleverages);
        Assert.True(proof.Triggered);
        Assert.NotNull(proof.LpLoss);
    }

    [Fact]
    public async Task A_market_configured_without_adl_gets_no_deleverager_and_the_others_keep_theirs()
    {
        var catalog = new MarketCatalog(TestMarkets.WithoutPoolOpenInterestShare.Markets, withoutAdl: new HashSet<MarketId> { Eth });
        var s = await Scenario.StartAsync(databases.Durable(), catalog);
        await using var _ = s;
        await s.MarketIsWatched("ETH-USD");
        await s.MarketIsWatched("BTC-USD");

        var eth = Assert.IsType<DeleveragerStatus>(await s.Node.MarketWatch.Ask<object>(new GetDeleveragerStatus(Eth), TimeSpan.FromSeconds(10)));
        Assert.False(eth.Running);
        await Eventually.Holds("the BTC deleverager to read the journal", async () =>
            await s.Node.MarketWatch.Ask<object>(new GetDeleveragerStatus(MarketId.From("BTC-USD")), TimeSpan.FromSeconds(10))
                is DeleveragerStatus { Running: true, CaughtUp: true });
    }
}

public sealed class DeleveragingStoriesOnSqlite() : DeleveragingStories(TestDatabases.Sqlite);

[Collection(PostgresCollection.Name)]
public sealed class DeleveragingStoriesOnPostgres(PostgresFixture postgres) : DeleveragingStories(postgres.Databases);
