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
    public void Thirty_days_at_2_percent_on_9000_reserved_cost_14_794521()
    {
        var index = BorrowRateModel.Accrue(1m, 0.02m, TimeSpan.FromDays(30));

        // 9,000 · 0.02 · 30/365 = 14.7945205479..., charged: rounded up to the unit.
        Assert.Equal(14.794521m, BorrowRateModel.InterestOwed(9_000m, 1m, index));
    }

    [Fact]
    public void Interest_is_owed_from_the_index_at_open_not_from_the_start()
    {
        var atOpen = BorrowRateModel.Accrue(1m, 0.10m, TimeSpan.FromDays(365)); // 1.1
        var now = BorrowRateModel.Accrue(atOpen, 0.10m, TimeSpan.FromDays(365)); // 1.21

        Assert.Equal(1.1m, atOpen);
        Assert.Equal(100m, BorrowRateModel.InterestOwed(1_000m, atOpen, now)); // 1,000 · (1.21/1.1 − 1)
    }

    [Fact]
    public void Time_running_backwards_accrues_nothing() =>
        Assert.Equal(1.05m, BorrowRateModel.Accrue(1.05m, 0.5m, TimeSpan.FromSeconds(-30)));

    private static decimal D(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
}
