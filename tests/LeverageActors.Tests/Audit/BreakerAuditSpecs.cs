using LeverageActors.Messages;
using LeverageActors.Messages.Oracles;
using LeverageActors.Tests.Support;

namespace LeverageActors.Tests.Audit;

/// <summary>
/// The circuit breaker's rows decided again (review, CONFIRMED): the audit recomputed every price
/// but never whether it tripped the breaker, so a journal with a 25% drop's trip left out (a crash
/// priced and traded unhalted), or a trip written after a calm price (a market halted for nothing),
/// audited clean.
/// </summary>
public class BreakerAuditSpecs
{
    /// <summary>2,000, then a drop past the breaker's 15%: the second report of 1,500 makes the price and trips it; then the halt runs out.</summary>
    private static ExchangeStory Tripped()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.PriceIs(1_500m);
        Assert.Single(s.X.Journal.Select(r => r.Event).OfType<CircuitBreakerTripped>());
        s.Advance(TimeSpan.FromMinutes(30));
        s.PriceIs(1_510m);
        Assert.Single(s.X.Journal.Select(r => r.Event).OfType<CircuitBreakerReset>());
        return s;
    }

    [Fact]
    public void A_trip_and_its_end_as_the_breaker_decides_them_audit_clean() =>
        Assert.Empty(AuditedJournal.Of(Tripped().X.Journal).Violations);

    [Fact]
    public void A_trip_left_out_is_caught()
    {
        var journal = Tripped().X.Journal.Select(r => (r.PersistenceId, r.Event)).Where(r => r.Event is not CircuitBreakerTripped).ToList();

        Assert.Contains(AuditedJournal.Of(journal).Violations, v => v.Rule == "circuit-breaker" && v.Expected.Contains("a trip from 2000 to 1500"));
    }

    [Fact]
    public void A_trip_shortened_is_caught()
    {
        var journal = AuditedJournal.Edited(Tripped(), e => e is CircuitBreakerTripped t ? t with { Until = t.At.AddSeconds(1) } : e);

        Assert.Contains(AuditedJournal.Of(journal).Violations, v => v.Rule == "circuit-breaker");
    }

    [Fact]
    public void A_trip_written_after_a_calm_price_is_caught()
    {
        var journal = Tripped().X.Journal.Select(r => (r.PersistenceId, r.Event)).ToList();
        var calm = journal.FindLastIndex(r => r.Event is PriceAccepted);
        var price = (PriceAccepted)journal[calm].Event;
        journal.Insert(calm + 1, (journal[calm].PersistenceId, new CircuitBreakerTripped(price.Market, 1_500m, price.Price, 0.2m, price.At.AddMinutes(5), price.At)));

        Assert.Contains(AuditedJournal.Of(journal).Violations, v => v.Rule == "circuit-breaker");
    }

    [Fact]
    public void A_price_without_the_anchor_after_an_anchored_one_is_caught()
    {
        var journal = AuditedJournal.Edited(Tripped(), e => e is PriceAccepted { Price: 1_510m } a ? a with { Anchored = false } : e);

        Assert.Contains(AuditedJournal.Of(journal).Violations, v => v.Rule == "circuit-breaker" && v.Found == "a price without the anchor");
    }
}
