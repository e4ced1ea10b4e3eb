using LeverageActors.Actors.Markets;
using LeverageActors.Actors.Oracles;
using LeverageActors.Actors.Simulation;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Tests.Volatility;

/// <summary>The oracle folds its volatility from accepted prices and records it at a bounded rate.</summary>
public class OracleVolatilitySpecs
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // One source, so every report is one accepted price.
    private static readonly OracleParameters OneSource = OracleParameters.Default with { Sources = ["source-a"], Quorum = 1 };

    private static InProcessExchange Exchange() =>
        new(new MarketCatalog(MarketCatalog.Default.Markets, MarketCatalog.Default.Markets.Keys.ToDictionary(k => k, _ => OneSource)));

    private static void Price(InProcessExchange x, decimal price, DateTimeOffset at) =>
        x.Send(new ReportPrice(Eth, "source-a", price, at, at));

    private static OracleState Oracle(InProcessExchange x) => x.Oracles.Single(o => o.Market == Eth);

    private static List<VolatilityUpdated> Recorded(InProcessExchange x) => x.Journal.Select(e => e.Event).OfType<VolatilityUpdated>().ToList();

    private static InProcessExchange AfterSixPrices()
    {
        var x = Exchange();
        foreach (var (price, second) in new[] { (2000m, 0), (2010m, 1), (1990m, 2), (2005m, 4), (1980m, 5) })
            Price(x, price, T0.AddSeconds(second));
        return x;
    }

    [Fact]
    public void Nothing_is_recorded_before_five_returns_then_the_estimate_is_recorded_once()
    {
        var x = AfterSixPrices();
        Assert.Empty(Recorded(x)); // four returns so far

        Price(x, 2001m, T0.AddSeconds(6));

        var recorded = Assert.Single(Recorded(x));
        // The EWMA of VolatilityEstimateSpecs' series, to the last digit the oracle keeps.
        Assert.Equal(Oracle(x).Volatility.Variance, recorded.Variance);
        Assert.InRange(Math.Abs(recorded.Variance - 0.000041457603822831137215004967m), 0m, 0.0000000000000000000000001m);
        Assert.Equal(Oracle(x).Volatility.Sigma, recorded.Sigma);
        Assert.Equal((5L, 6L, VolatilityModelKind.Ewma), (recorded.Samples, recorded.PriceSequence, recorded.Model));
        Assert.Equal(recorded, Oracle(x).RecordedVolatility);
    }

    [Fact]
    public void A_small_change_waits_for_the_minute_and_a_ten_percent_move_is_recorded_at_once()
    {
        var x = AfterSixPrices();
        Price(x, 2001m, T0.AddSeconds(6));
        var first = Recorded(x).Single();

        Price(x, 2001.5m, T0.AddSeconds(7)); // σ decays by about 3%: not yet
        Assert.Single(Recorded(x));

        Price(x, 1900m, T0.AddSeconds(8)); // a 5% drop: σ jumps by far more than 10%
        var jump = Recorded(x).Last();
        Assert.Equal(2, Recorded(x).Count);
        Assert.True(jump.Sigma > first.Sigma * 1.1m, $"{jump.Sigma} after {first.Sigma}");

        Price(x, 1900.5m, T0.AddSeconds(9)); // decays a little: within the minute, not recorded
        Assert.Equal(2, Recorded(x).Count);
        Price(x, 1901m, T0.AddSeconds(8 + 60)); // a minute after the last record, any change is recorded
        Assert.Equal(3, Recorded(x).Count);
        Assert.Equal(T0.AddSeconds(68), Recorded(x).Last().At);
    }

    [Fact]
    public void Replaying_the_oracle_journal_reaches_the_same_estimate_digit_for_digit()
    {
        var x = AfterSixPrices();
        Price(x, 2001m, T0.AddSeconds(6));
        Price(x, 1900m, T0.AddSeconds(8));

        var replayed = x.Journal.Select(e => e.Event).OfType<IOracleEvent>()
            .Aggregate(OracleState.Initial(Eth, OneSource), (s, e) => s.Apply(e));

        Assert.Equal(Oracle(x).Volatility, replayed.Volatility);
        Assert.Equal(Oracle(x).RecordedVolatility, replayed.RecordedVolatility);
    }

    [Fact]
    public void The_oracle_answers_its_price_with_the_volatility_in_force()
    {
        var x = AfterSixPrices();
        Assert.Null(((OraclePriceResponse)x.Send(new GetOraclePrice(Eth, T0.AddSeconds(6)))!).Volatility);

        Price(x, 2001m, T0.AddSeconds(6));

        var answer = (OraclePriceResponse)x.Send(new GetOraclePrice(Eth, T0.AddSeconds(6)))!;
        Assert.Equal(Recorded(x).Single(), answer.Volatility);
    }

    [Fact]
    public void Prices_at_the_ends_of_decimals_range_move_the_estimate_without_breaking_the_oracle()
    {
        var x = Exchange();
        var at = T0;
        foreach (var price in new[] { 0.0000000000000000000001m, 10_000_000_000_000_000_000_000m, 0.0000000000000000000001m, 1m, 2m, 3m })
        {
            Price(x, price, at);
            at = at.AddSeconds(1);
        }

        // ln(10²² / 10⁻²²) = 44·ln 10 ≈ 101.3 per 1 s: a variance of about 10⁴ per second, recorded and replayable.
        var recorded = Recorded(x).Last();
        Assert.InRange(recorded.Variance, 1_000m, 20_000m);
        var replayed = x.Journal.Select(e => e.Event).OfType<IOracleEvent>()
            .Aggregate(OracleState.Initial(Eth, OneSource), (s, e) => s.Apply(e));
        Assert.Equal(Oracle(x).Volatility, replayed.Volatility);
    }
}
