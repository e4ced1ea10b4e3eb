using LeverageActors.Messages.Common;

namespace LeverageActors.Tests.Common;

public class MoneySpecs
{
    [Theory]
    [InlineData("1.0000009", "1.000000", "1.000001")]
    [InlineData("1.0000001", "1.000000", "1.000001")]
    [InlineData("-1.0000001", "-1.000001", "-1.000000")]
    [InlineData("2.5", "2.5", "2.5")]
    public void Payouts_round_down_and_charges_round_up(string amount, string payout, string charge)
    {
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(decimal.Parse(payout, System.Globalization.CultureInfo.InvariantCulture), Money.Payout(value));
        Assert.Equal(decimal.Parse(charge, System.Globalization.CultureInfo.InvariantCulture), Money.Charge(value));
    }

    [Fact]
    public void Six_places_are_exact_and_seven_are_not()
    {
        Assert.True(Money.IsExact(0.000001m));
        Assert.False(Money.IsExact(0.0000001m));
    }
}
