using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Oracles;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Tests.Oracles;

/// <summary>One spec per oracle rule (DESIGN §2): median, quorum, staleness, outliers, bad prices, breaker, latency.</summary>
public class OracleRuleSpecs
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static InProcessExchange Exchange(OracleParameters? parameters = null) =>
        new(new MarketCatalog(MarketCatalog.Default.Markets,
            MarketCatalog.Default.Markets.Keys.ToDictionary(k => k, _ => parameters ?? OracleParameters.Default)));

    private static ReportAnswered Report(InProcessExchange x, string source, decimal price, DateTimeOffset at, DateTimeOffset? observed = null) =>
        (ReportAnswered)x.Send(new ReportPrice(Eth, source, price, observed ?? at, at))!;

    private static OracleState Oracle(InProcessExchange x) => x.Oracles.Single(o => o.Market == Eth);

    [Fact]
    public void The_price_is_the_median_of_the_fresh_reports()
    {
        var x = Exchange();
        Report(x, "source-a", 2_000m, T0);
        Report(x, "source-b", 2_010m, T0);
        Report(x, "source-c", 2_004m, T0);

        Assert.Equal(2_004m, Oracle(x).Price);
        Assert.Equal(2_005m, OracleRules.Median([2_000m, 2_010m])); // an even count takes the middle two
    }

    [Fact]
    public void No_price_is_published_without_a_quorum_of_sources()
    {
        var x = Exchange();

        var alone = Report(x, "source-a", 2_000m, T0);

        Assert.Equal(OracleRules.NoQuorum, alone.IgnoredBecause);
        Assert.Null(Oracle(x).Price);
        Report(x, "source-b", 2_002m, T0);
        Assert.Equal(2_001m, Oracle(x).Price);
    }

    [Fact]
    public void A_report_older_than_the_staleness_limit_is_ignored_and_stops_counting_for_the_quorum()
    {
        var x = Exchange();
        Report(x, "source-a", 2_000m, T0);
        Report(x, "source-b", 2_000m, T0);

        var late = Report(x, "source-c", 2_100m, T0.AddSeconds(90), observed: T0);
        var fresh = Report(x, "source-a", 2_050m, T0.AddSeconds(61));

        Assert.Equal(OracleRules.Stale, late.IgnoredBecause);
        Assert.Equal(OracleRules.NoQuorum, fresh.IgnoredBecause); // source-b's report of T0 is stale by now
        Assert.Equal(2_000m, Oracle(x).Price);
    }

    [Fact]
    public void A_source_more_than_2_percent_from_the_median_is_left_out()
    {
        var x = Exchange();
        Report(x, "source-a", 2_000m, T0);
        Report(x, "source-b", 2_004m, T0);

        var wild = Report(x, "source-c", 2_500m, T0);

        Assert.Equal(OracleRules.Outlier, wild.IgnoredBecause);
        Assert.Equal(2_002m, Oracle(x).Price); // median of the two that agree
    }

    /// <summary>
    /// Two honest sources 3% apart in a fast market and a third broken far off: the median of all three
    /// was the upper honest one, the lower fell outside 2% of it, and the market had no price (found by a
    /// read-only review). The two that agree around their own median make it. Two groups of one size
    /// that disagree make none, so a single far source cannot pick the side it joins.
    /// </summary>
    [Theory]
    [InlineData("2000", "2060", "20000", "2030")]
    [InlineData("2000", "2060", "1", "2030")]
    [InlineData("2000", "2078", "1922", null)]
    public void One_far_source_does_not_stop_a_price_two_agreeing_sources_make(string a, string b, string c, string? expected)
    {
        static decimal D(string v) => decimal.Parse(v, System.Globalization.CultureInfo.InvariantCulture);
        var x = Exchange();
        Report(x, "source-a", D(a), T0);
        Report(x, "source-b", D(b), T0);
        var before = Oracle(x).Sequence;

        var third = Report(x, "source-c", D(c), T0);

        var (price, agreeing, ignored) = OracleRules.Aggregate(Oracle(x).Latest.Values, T0, OracleParameters.Default);
        Assert.Equal(expected is null ? null : D(expected), price);
        if (expected is null)
        {
            Assert.Equal(OracleRules.Outlier, third.IgnoredBecause);
            Assert.Equal(before, Oracle(x).Sequence);
        }
        else
        {
            Assert.Equal(before + 1, Oracle(x).Sequence);
            Assert.Equal(D(expected), Oracle(x).Price);
            Assert.Equal(["source-a", "source-b"], agreeing.Select(r => r.Source).Order());
            Assert.Equal(("source-c", OracleRules.Outlier), Assert.Single(ignored));
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public void Zero_and_negative_prices_are_refused(string price)
    {
        var x = Exchange();

        var answer = Report(x, "source-a", decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture), T0);

        Assert.Equal(OracleRules.NonPositive, answer.IgnoredBecause);
        Assert.Empty(x.Journal);
    }

    [Fact]
    public void An_unknown_source_is_refused() =>
        Assert.Equal(OracleRules.UnknownSource, Report(Exchange(), "mallory", 2_000m, T0).IgnoredBecause);

    [Fact]
    public void A_move_beyond_15_percent_inside_5_minutes_trips_the_breaker_halts_the_pool_and_lifts_after_the_cooldown()
    {
        var x = Exchange();
        Report(x, "source-a", 2_000m, T0);
        Report(x, "source-b", 2_000m, T0);

        Report(x, "source-a", 1_650m, T0.AddMinutes(2));
        Report(x, "source-b", 1_650m, T0.AddMinutes(2));

        var tripped = Oracle(x);
        Assert.True(tripped.IsHaltedAt(T0.AddMinutes(3)));
        Assert.Equal(T0.AddMinutes(17), tripped.HaltedUntil);
        Assert.Equal(tripped.HaltedUntil, tripped.HaltDeliveredUntil); // the pool confirmed the halt
        Assert.True(x.Pools.Single(p => p.Market == Eth).IsHaltedAt(T0.AddMinutes(3)));

        Report(x, "source-a", 1_700m, T0.AddMinutes(18));
        Report(x, "source-b", 1_700m, T0.AddMinutes(18));
        Assert.False(Oracle(x).IsHaltedAt(T0.AddMinutes(18)));
        Assert.False(x.Pools.Single(p => p.Market == Eth).IsHaltedAt(T0.AddMinutes(18)));
    }

    [Fact]
    public void A_slow_move_does_not_trip_the_breaker()
    {
        var x = Exchange();
        // 19.5% over 12 minutes, never more than 13.5% against a price in force within the last 5 minutes
        // (the one in force when the window began counts: 1,860 at 12 minutes, in force until 8).
        foreach (var (minutes, price) in new[] { (0, 2_000m), (4, 1_860m), (8, 1_730m), (12, 1_610m) })
        {
            Report(x, "source-a", price, T0.AddMinutes(minutes));
            Report(x, "source-b", price, T0.AddMinutes(minutes));
        }

        Assert.Null(Oracle(x).HaltedUntil);
    }

    [Fact]
    public void Simulated_latency_delays_publication()
    {
        var x = Exchange(OracleParameters.Default with { Latency = TimeSpan.FromSeconds(3) });
        Report(x, "source-a", 2_000m, T0);
        Report(x, "source-b", 2_000m, T0);

        var accepted = x.Journal.Select(j => j.Event).OfType<PriceAccepted>().Single();

        Assert.Equal(T0.AddSeconds(3), accepted.PublishAt);
    }
    /// <summary>
    /// A price is a request's next one when a quorum, and a majority, of its reports came after the
    /// request: with a quorum of one and three sources, one report after it over two known before
    /// would be a median of mostly known prices (found by a read-only review).
    /// </summary>
    [Theory]
    [InlineData(2, 3)]
    [InlineData(1, 3)]
    [InlineData(3, 2)]
    public void A_price_counts_as_after_the_price_a_quorum_and_a_majority_of_its_reports_came_after(int quorum, long since)
    {
        var reports = new[] { 5L, 3L, 2L }.Select((after, i) =>
            new PriceReported(MarketId.From("ETH-USD"), $"source-{i}", 2_000m, T0, T0) { AfterPrice = after }).ToList();

        Assert.Equal(since, OracleRules.Since(reports, quorum));
    }
}
