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

    /// <summary>Every price of the market stripped of its anchor (the journal made to look older) still owes the trip every rule takes (review).</summary>
    [Fact]
    public void A_trip_left_out_of_a_journal_stripped_of_its_anchors_is_caught()
    {
        var journal = Tripped().X.Journal.Select(r => (r.PersistenceId, Event: r.Event is PriceAccepted a ? a with { Anchored = false } : r.Event))
            .Where(r => r.Event is not CircuitBreakerTripped).ToList();

        Assert.Contains(AuditedJournal.Of(journal).Violations, v => v.Rule == "circuit-breaker" && v.Expected.Contains("a trip from 2000 to 1500"));
    }

    /// <summary>
    /// 2,000, then 1,760 (12%, no trip), then 1,550: 22.5% against 2,000, inside the window. Stripped of
    /// its anchors and its trip, or with the trip's end moved to its start, the crash is still named (review).
    /// </summary>
    [Fact]
    public void A_two_step_crash_stripped_of_its_anchors_and_trip_or_with_a_trip_of_no_length_is_caught()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Advance(TimeSpan.FromSeconds(1));
        s.PriceIs(1_760m);
        s.Advance(TimeSpan.FromSeconds(1));
        s.PriceIs(1_550m);
        Assert.Equal(2_000m, s.X.Journal.Select(r => r.Event).OfType<CircuitBreakerTripped>().Single().From);
        var stripped = s.X.Journal.Select(r => (r.PersistenceId, Event: r.Event is PriceAccepted a ? a with { Anchored = false } : r.Event)).ToList();

        var left = stripped.Where(r => r.Event is not CircuitBreakerTripped).ToList();
        var shortened = stripped.Select(r => (r.PersistenceId, Event: r.Event is CircuitBreakerTripped t ? t with { Until = t.At } : r.Event)).ToList();

        Assert.DoesNotContain(AuditedJournal.Of(stripped).Violations, v => v.Rule == "circuit-breaker");
        Assert.Contains(AuditedJournal.Of(left).Violations, v => v.Rule == "circuit-breaker" && v.Expected.Contains("a trip from 2000 to 1550"));
        Assert.Contains(AuditedJournal.Of(shortened).Violations, v => v.Rule == "circuit-breaker");
    }

    /// <summary>The trip cut off with everything after it: the batch that wrote the price wrote its trip too, so the end is named (review).</summary>
    [Fact]
    public void A_journal_ending_where_a_trip_was_due_is_caught()
    {
        var rows = Tripped().X.Journal.Select(r => (r.PersistenceId, r.Event)).ToList();
        var trip = rows.FindIndex(r => r.Event is CircuitBreakerTripped);

        Assert.Contains(AuditedJournal.Of(rows.Take(trip)).Violations, v => v.Rule == "circuit-breaker" && v.Found == "the journal's end");
    }

    /// <summary>A pool, a drop that halts it, the halt's end, then a 5x long opened.</summary>
    private static ExchangeStory HaltedThenOpened()
    {
        var s = new ExchangeStory();
        s.PriceIs(2_000m);
        s.Provide(s.Funded("lp", 1_000_000m), 1_000_000m);
        var trader = s.Funded("trader", 10_000m);
        s.PriceIs(1_500m);
        Assert.Single(s.X.Journal.Select(r => r.Event).OfType<Messages.Pools.TradingHalted>());
        s.Advance(TimeSpan.FromMinutes(30));
        s.PriceIs(1_510m);
        s.Opens(trader, Messages.Positions.PositionSide.Long, 1_000m, 5m);
        Assert.Empty(AuditedJournal.Of(s.X.Journal).Violations);
        return s;
    }

    [Fact]
    public void An_open_reserved_inside_the_pools_halt_is_caught()
    {
        var journal = AuditedJournal.Edited(HaltedThenOpened(), e => e is Messages.Pools.TradingHalted h ? h with { Until = h.Until.AddDays(1) } : e);

        Assert.Contains(AuditedJournal.Of(journal).Violations, v => v.Rule == "market-halted");
    }

    [Fact]
    public void A_halt_delivered_that_the_pool_never_recorded_is_caught()
    {
        var journal = HaltedThenOpened().X.Journal.Select(r => (r.PersistenceId, r.Event)).Where(r => r.Event is not Messages.Pools.TradingHalted).ToList();

        Assert.Contains(AuditedJournal.Of(journal).Violations, v => v.Rule == "circuit-breaker" && v.Expected.StartsWith("the pool's halt until"));
    }

    [Fact]
    public void A_price_without_the_anchor_after_an_anchored_one_is_caught()
    {
        var journal = AuditedJournal.Edited(Tripped(), e => e is PriceAccepted { Price: 1_510m } a ? a with { Anchored = false } : e);

        Assert.Contains(AuditedJournal.Of(journal).Violations, v => v.Rule == "circuit-breaker" && v.Found == "a price without the anchor");
    }
}
