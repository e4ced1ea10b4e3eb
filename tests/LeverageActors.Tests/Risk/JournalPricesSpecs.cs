using LeverageActors.Actors.Risk;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Oracles;

namespace LeverageActors.Tests.Risk;

/// <summary>
/// A price taken from the journal carries the requirement the oracle published with it: the one its
/// records up to that price's number make, whichever of the two feeds (the market's tag with the
/// records, the prices' own tag) brought its rows first.
/// </summary>
public sealed class JournalPricesSpecs
{
    private static readonly MarketId Eth = MarketId.From("ETH-USD");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_record_read_after_a_later_price_still_sets_that_prices_requirement()
    {
        var prices = new JournalPrices(TimeSpan.Zero);
        prices.Observe(Price(10), TimeSpan.Zero);
        prices.Observe(Record(7, 0.02m));

        Assert.Equal(0.02m, prices.Overdue(TimeSpan.FromSeconds(1))!.Margin!.Maintenance);
    }

    [Fact]
    public void A_later_prices_record_read_first_is_not_this_prices_requirement()
    {
        var prices = new JournalPrices(TimeSpan.Zero);
        prices.Observe(Record(7, 0.02m));
        prices.Observe(Record(12, 0.05m));
        prices.Observe(Price(10), TimeSpan.Zero);

        Assert.Equal(0.02m, prices.Overdue(TimeSpan.FromSeconds(1))!.Margin!.Maintenance);
    }

    [Fact]
    public void A_record_of_an_older_price_read_after_the_take_changes_the_taken_tick()
    {
        var prices = new JournalPrices(TimeSpan.Zero);
        prices.Observe(Record(3, 0.01m));
        prices.Observe(Price(10), TimeSpan.Zero);
        Assert.Equal(0.01m, prices.Overdue(TimeSpan.FromSeconds(1))!.Margin!.Maintenance);

        Assert.True(prices.Observe(Record(8, 0.03m)));
        Assert.Equal(0.03m, prices.Retaken()!.Margin!.Maintenance);
        Assert.False(prices.Observe(Record(11, 0.04m)));
        Assert.Equal(0.03m, prices.Retaken()!.Margin!.Maintenance);
    }

    private static PriceAccepted Price(long sequence) => new(Eth, 2_000m, sequence, 3, T0, T0);

    private static MarginRequirementChanged Record(long priceSequence, decimal maintenance) =>
        new(Eth, maintenance, maintenance * 2, 0.01m, 0.02m, 0.001m, TimeSpan.FromMinutes(1), T0, priceSequence, T0);
}
