using LeverageActors.Actors.Pools;
using LeverageActors.Messages.Markets;

namespace LeverageActors.Tests.Pools;

/// <summary>The kinked rate and the index, against values worked out by hand (DESIGN defaults).</summary>
public class BorrowRateModelSpecs
{
    private static readonly MarketParameters Defaults = new();

    [Theory]
    [InlineData("0", "0")]
    [InlineData("0.4", "0.02")] // below the kink: 0.04 · 0.4 / 0.8
    [InlineData("0.8", "0.04")] // at the kink: base + slope 1
    [InlineData("0.9", "0.415")] // above: 0.04 + 0.75 · 0.1 / 0.2
    [InlineData("1", "0.79")]
    public void The_borrow_rate_bends_at_optimal_utilization(string utilization, string rate) =>
        Assert.Equal(D(rate), BorrowRateModel.BorrowRate(D(utilization), Defaults));

    [Fact]
    public void Liquidity_providers_earn_the_borrow_rate_on_the_lent_share_less_the_reserve_factor() =>
        Assert.Equal(0.0288m, BorrowRateModel.SupplyRate(0.8m, Defaults)); // 0.04 · 0.8 · 0.9

    [Fact]
    public void Thirty_days_at_2_percent_on_9000_reserved_cost_14_806688()
    {
        var index = BorrowRateModel.Accrue(1m, 0.02m, TimeSpan.FromDays(30));

        // Compounded continuously: 9,000 · (e^(0.02 · 30/365) − 1) = 9,000 · 0.0016451874... = 14.8066871...,
        // charged: rounded up to the unit. (Simple interest would be 14.794521.)
        Assert.Equal(14.806688m, BorrowRateModel.InterestOwed(9_000m, 1m, index));
    }

    [Fact]
    public void Interest_is_owed_from_the_index_at_open_not_from_the_start()
    {
        var atOpen = BorrowRateModel.Accrue(1m, 0.10m, TimeSpan.FromDays(365)); // e^0.1
        var now = BorrowRateModel.Accrue(atOpen, 0.10m, TimeSpan.FromDays(365)); // e^0.2

        Assert.Equal(1.1051709180756476248117078m, decimal.Round(atOpen, 25)); // e^0.1 to 25 places
        Assert.Equal(105.170919m, BorrowRateModel.InterestOwed(1_000m, atOpen, now)); // 1,000 · (e^0.2/e^0.1 − 1) = 105.1709180..., rounded up
    }

    /// <summary>
    /// Finding 9 of the money-safety review: compounding I·(1 + r·Δt) at every event made a pool's
    /// interest grow with how often it had events (41.5% a year idle at 90% utilization, 51.4% with
    /// an event a second), so anyone could raise the rate by sending tiny events. Continuous
    /// compounding makes one step over a year and a step every second the same.
    /// </summary>
    [Fact]
    public void A_year_in_one_step_equals_a_year_in_31_536_000_one_second_steps()
    {
        var rate = BorrowRateModel.BorrowRate(0.9m, Defaults); // 0.415
        var once = BorrowRateModel.Accrue(1m, rate, TimeSpan.FromDays(365));
        var stepped = 1m;
        for (var second = 0; second < 31_536_000; second++)
            stepped = BorrowRateModel.Accrue(stepped, rate, TimeSpan.FromSeconds(1));

        Assert.Equal(1.5143707m, decimal.Round(once, 7)); // e^0.415
        Assert.True(Math.Abs(stepped / once - 1) < 0.000000001m, $"one step {once}, second by second {stepped}");
    }

    [Fact]
    public void Time_running_backwards_accrues_nothing() =>
        Assert.Equal(1.05m, BorrowRateModel.Accrue(1.05m, 0.5m, TimeSpan.FromSeconds(-30)));

    private static decimal D(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
}
