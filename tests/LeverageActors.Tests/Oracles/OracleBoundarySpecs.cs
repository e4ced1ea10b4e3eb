using LeverageActors.Actors.Oracles;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Tests.Oracles;

/// <summary>
/// Every oracle rule at its edge, on the pure state (no actors): the default limits are inclusive
/// (staleness 60 s, clock skew 5 s, deviation 2%, quorum 2, breaker window 5 minutes) or strict
/// (a move must pass 15% to trip), and the halt lifts at the cool-down's end exactly. One tick
/// (100 ns) or one millionth past the edge flips each answer.
/// </summary>
public class OracleBoundarySpecs
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);
    private static readonly OracleParameters Defaults = OracleParameters.Default;

    private sealed record Reported(OracleState State, string? IgnoredBecause, IReadOnlyList<IOracleEvent> Events);

    private static Reported Report(OracleState state, string source, decimal price, DateTimeOffset at, DateTimeOffset? observed = null)
    {
        var handling = state.Handle(new ReportPrice(Eth, source, price, observed ?? at, at));
        var next = handling.Events.Aggregate(state, (s, e) => s.Apply(e));
        return new(next, ((ReportAnswered)handling.Reply!(next)!).IgnoredBecause, handling.Events);
    }

    /// <summary>Both default quorum sources report one price at one time: the oracle accepts it.</summary>
    private static Reported Both(OracleState state, decimal price, DateTimeOffset at) =>
        Report(Report(state, "source-a", price, at).State, "source-b", price, at);

    private static OracleState Fresh(OracleParameters? p = null) => OracleState.Initial(Eth, p ?? Defaults);

    // ---- staleness: now − observed ≤ 60 s, observed − now ≤ 5 s ----

    [Fact]
    public void A_report_exactly_60_seconds_old_is_fresh_and_one_tick_older_is_stale()
    {
        var at = T0.AddMinutes(1);
        var other = Report(Fresh(), "source-b", 2_000m, at).State;

        var atLimit = Report(other, "source-a", 2_000m, at, observed: at - TimeSpan.FromSeconds(60));
        Assert.Null(atLimit.IgnoredBecause);
        Assert.Equal(2_000m, atLimit.State.Price);

        var pastIt = Report(other, "source-a", 2_000m, at, observed: at - TimeSpan.FromSeconds(60) - Tick);
        Assert.Equal(OracleRules.Stale, pastIt.IgnoredBecause);
        Assert.Null(pastIt.State.Price);
    }

    [Fact]
    public void A_report_from_exactly_5_seconds_ahead_is_fresh_and_one_tick_further_is_stale()
    {
        var other = Report(Fresh(), "source-b", 2_000m, T0).State;

        var atLimit = Report(other, "source-a", 2_000m, T0, observed: T0.AddSeconds(5));
        Assert.Null(atLimit.IgnoredBecause);
        Assert.Equal(2_000m, atLimit.State.Price);

        var pastIt = Report(other, "source-a", 2_000m, T0, observed: T0.AddSeconds(5) + Tick);
        Assert.Equal(OracleRules.Stale, pastIt.IgnoredBecause);
        Assert.Null(pastIt.State.Price);
    }

    [Fact]
    public void A_report_that_ages_to_exactly_the_limit_still_counts_for_the_quorum_and_one_tick_later_does_not()
    {
        var first = Report(Fresh(), "source-a", 2_000m, T0).State;

        // source-a's report of T0 is 60 s old: fresh, so two sources agree on 2,000 and 2,002, median 2,001.
        var atLimit = Report(first, "source-b", 2_002m, T0.AddSeconds(60));
        Assert.Null(atLimit.IgnoredBecause);
        Assert.Equal(2_001m, atLimit.State.Price);

        var pastIt = Report(first, "source-b", 2_002m, T0.AddSeconds(60) + Tick);
        Assert.Equal(OracleRules.NoQuorum, pastIt.IgnoredBecause);
        Assert.Null(pastIt.State.Price);
    }

    // ---- deviation: |price − median| / median ≤ 2% ----

    [Fact]
    public void A_source_exactly_2_percent_from_the_median_agrees_and_a_millionth_further_is_an_outlier()
    {
        // Median of 2,000, 2,000 and 2,040 is 2,000; 40 / 2,000 = 0.02 exactly.
        var two = Both(Fresh(), 2_000m, T0).State;

        var atBound = Report(two, "source-c", 2_040m, T0);
        Assert.Null(atBound.IgnoredBecause);
        Assert.Equal((2_000m, 3), (atBound.State.Price, atBound.Events.OfType<PriceAccepted>().Single().Sources));

        // 40.000001 / 2,000 = 0.0200000005: left out, the two that agree still give 2,000.
        var beyond = Report(two, "source-c", 2_040.000001m, T0);
        Assert.Equal(OracleRules.Outlier, beyond.IgnoredBecause);
        Assert.Equal((2_000m, 2), (beyond.State.Price, beyond.Events.OfType<PriceAccepted>().Single().Sources));
    }

    // ---- quorum: at least 2 fresh, agreeing sources ----

    [Fact]
    public void Exactly_the_quorum_publishes_and_one_fewer_does_not()
    {
        var one = Report(Fresh(), "source-a", 2_000m, T0);
        Assert.Equal(OracleRules.NoQuorum, one.IgnoredBecause);
        Assert.Null(one.State.Price);

        var two = Report(one.State, "source-b", 2_000m, T0);
        Assert.Null(two.IgnoredBecause);
        Assert.Equal((2_000m, 1L), (two.State.Price, two.State.Sequence));
    }

    [Fact]
    public void A_quorum_of_three_needs_three_that_agree_not_three_that_report()
    {
        var p = Defaults with { Quorum = 3 };
        var two = Report(Report(Fresh(p), "source-a", 2_000m, T0).State, "source-b", 2_000m, T0);
        Assert.Equal(OracleRules.NoQuorum, two.IgnoredBecause);

        // Three fresh, but 2,040.000001 is an outlier (above): two agree, one short of the quorum.
        var outlier = Report(two.State, "source-c", 2_040.000001m, T0);
        Assert.Null(outlier.State.Price);

        var three = Report(two.State, "source-c", 2_040m, T0);
        Assert.Equal(2_000m, three.State.Price);
    }

    // ---- circuit breaker: a move above 15% within 5 minutes halts for 15 minutes ----

    [Fact]
    public void A_move_of_exactly_15_percent_does_not_trip_and_a_millionth_more_does()
    {
        var start = Both(Fresh(), 2_000m, T0).State;

        // 300 / 2,000 = 0.15 exactly: not above the threshold.
        var atThreshold = Both(start, 1_700m, T0.AddMinutes(1));
        Assert.Equal(1_700m, atThreshold.State.Price);
        Assert.Null(atThreshold.State.HaltedUntil);

        // 300.000001 / 2,000 = 0.1500000005: trips, halting until 1 + 15 minutes.
        var past = Both(start, 1_699.999999m, T0.AddMinutes(1));
        var trip = past.Events.OfType<CircuitBreakerTripped>().Single();
        Assert.Equal((2_000m, 1_699.999999m, 0.1500000005m, T0.AddMinutes(16)), (trip.From, trip.To, trip.Move, trip.Until));
    }

    [Fact]
    public void A_price_in_force_when_the_window_began_is_a_reference_and_one_replaced_before_it_is_not()
    {
        // 2,000, then 1,750 a minute later (12.5%: no trip).
        var start = Both(Both(Fresh(), 2_000m, T0).State, 1_750m, T0.AddMinutes(1)).State;
        Assert.Null(start.HaltedUntil);

        // At 6 minutes the window begins exactly when 1,750 came: 2,000 was in force until then, 20% above 1,600: trips.
        var atEdge = Both(start, 1_600m, T0.AddMinutes(6));
        Assert.Equal((2_000m, T0.AddMinutes(21)), atEdge.Events.OfType<CircuitBreakerTripped>().Select(t => (t.From, t.Until)).Single());

        // One tick later 1,750 was already in force when the window began: 8.6% below it, no halt.
        var pastEdge = Both(start, 1_600m, T0.AddMinutes(6) + Tick);
        Assert.Equal(1_600m, pastEdge.State.Price);
        Assert.Empty(pastEdge.Events.OfType<CircuitBreakerTripped>());
        Assert.Null(pastEdge.State.HaltedUntil);
    }

    /// <summary>
    /// A read-only review (oracle): with no price inside the window the breaker had nothing to compare
    /// with, so two colluding sources that stayed quiet for 5 minutes came back at any price unhalted,
    /// an open at it closed at the true price once they returned. The last price before the silence is
    /// the reference.
    /// </summary>
    [Fact]
    public void A_price_after_a_silence_longer_than_the_window_is_measured_against_the_last_price()
    {
        var start = Both(Fresh(), 2_000m, T0).State;

        var afterSilence = Both(start, 1_400m, T0.AddMinutes(10));

        var trip = afterSilence.Events.OfType<CircuitBreakerTripped>().Single();
        Assert.Equal((2_000m, 1_400m, 0.3m, T0.AddMinutes(25)), (trip.From, trip.To, trip.Move, trip.Until));
        Assert.True(afterSilence.State.IsHaltedAt(T0.AddMinutes(10)));

        // Within the limit after the same silence: no halt.
        Assert.Empty(Both(start, 1_800m, T0.AddMinutes(10)).Events.OfType<CircuitBreakerTripped>());
    }

    /// <summary>
    /// The review of that fix: the price before the silence was the reference for the first price after
    /// it only, so a second step, each under 15%, moved the price 26% unhalted. It stays a reference for
    /// as long as it was in force during the window.
    /// </summary>
    [Fact]
    public void Two_steps_after_a_silence_are_each_measured_against_the_price_before_it()
    {
        var start = Both(Fresh(), 2_000m, T0).State;
        var first = Both(start, 1_720m, T0.AddMinutes(6));
        Assert.Empty(first.Events.OfType<CircuitBreakerTripped>());

        var second = Both(first.State, 1_480m, T0.AddMinutes(6).AddSeconds(1));

        var trip = second.Events.OfType<CircuitBreakerTripped>().Single();
        Assert.Equal((2_000m, 1_480m, 0.26m), (trip.From, trip.To, trip.Move));
    }

    [Fact]
    public void The_halt_holds_until_one_tick_before_the_cool_down_ends_and_lifts_exactly_at_its_end()
    {
        var tripped = Both(Both(Fresh(), 2_000m, T0).State, 1_600m, T0.AddMinutes(1)).State;
        var until = T0.AddMinutes(16);
        Assert.Equal(until, tripped.HaltedUntil);
        Assert.True(tripped.IsHaltedAt(until - Tick));
        Assert.False(tripped.IsHaltedAt(until));

        // A price one tick before the end is accepted but neither lifts the halt nor trips again.
        var before = Both(tripped, 1_600m, until - Tick);
        Assert.Equal(until, before.State.HaltedUntil);
        Assert.Empty(before.Events.OfType<CircuitBreakerReset>());
        Assert.Empty(before.Events.OfType<CircuitBreakerTripped>());

        var atEnd = Both(tripped, 1_600m, until);
        Assert.Single(atEnd.Events.OfType<CircuitBreakerReset>());
        Assert.Null(atEnd.State.HaltedUntil);
        Assert.False(atEnd.State.IsHaltedAt(until));
    }
}
