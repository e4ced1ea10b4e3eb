using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Pools;
using LeverageActors.Messages;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;
using LeverageActors.Tests.Golden;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Pools;

/// <summary>
/// The funding watch follows the funding indexes by folding the pool's events into <see cref="Funding"/>
/// alone, keeping each position's claim; the pool keeps none of its own, its reservations tell them
/// (<see cref="ReservationBook.ClaimOf"/>). After every pool event both give the same indexes, open
/// interest and claims, to the last digit.
/// </summary>
public class FundingFoldSpecs
{
    [Fact]
    public void Folded_alone_over_the_golden_journal_the_funding_is_the_pools_own_after_every_event()
    {
        var events = GoldenJournalFile.Events(File.ReadAllText(Path.Combine(GoldenJournalFile.Directory, GoldenJournalFile.JournalName)))
            .Select(e => e.Event).ToList();

        var folded = FoldsAlike(MarketCatalog.Default, events);

        Assert.True(folded > 100, $"the golden journal has {folded} pool events");
        Assert.Contains(events, e => e is ReservationCancelled);
        Assert.Contains(events, e => e is PositionSettled { Fraction: < 1 });
    }

    [Fact]
    public void With_funding_on_a_day_of_a_skewed_market_then_a_close_folds_alike()
    {
        var catalog = FundingSpecs.WithFunding();
        var s = new ExchangeStory(catalog);
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        s.Opens(s.Funded("a", 20_000m), PositionSide.Long, 6_000m, 10m);
        var b = s.Opens(s.Funded("b", 20_000m), PositionSide.Short, 3_000m, 10m);
        s.Advance(TimeSpan.FromDays(1));
        s.PriceIs(2_000m);
        Assert.IsType<PositionCommandAccepted>(s.X.Send(new ClosePosition(b, s.Position(b).Account, RequestId.New(), s.Price(), s.Now)));
        s.BooksBalance();

        FoldsAlike(catalog, s.X.Journal.Select(j => j.Event).ToList());
        Assert.NotEqual(0m, s.Pool().Funding.LongIndex);
    }

    /// <summary>Folds the journal as the pools do and as the watch does; the two agree after every pool event. Returns how many.</summary>
    private static int FoldsAlike(MarketCatalog catalog, IReadOnlyList<ILeverageEvent> journal) =>
        PoolFollowerFold.AfterEveryPoolEvent(catalog, journal, Funding.Initial, (f, e) => f.Apply(e), (pool, funding) =>
        {
            Assert.Equal(Figures(pool.Funding), Figures(funding));
            Assert.Empty(pool.Funding.Claims);
            Assert.Equal(ById(pool.Reservations.Keys.Select(id => (id, pool.Book.ClaimOf(id)!))), ById(funding.Claims.Select(c => (c.Key, c.Value))));
        });

    private static object Figures(Funding f) =>
        (f.Parameters, f.LongInterest, f.ShortInterest, f.LongIndex, f.ShortIndex, f.LastAccrual);

    private static List<(PositionId, FundingClaim)> ById(IEnumerable<(PositionId Id, FundingClaim Claim)> claims) =>
        claims.OrderBy(c => c.Id.Value, StringComparer.Ordinal).ToList();
}
