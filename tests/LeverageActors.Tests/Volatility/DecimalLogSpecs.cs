using LeverageActors.Actors.Common;

namespace LeverageActors.Tests.Volatility;

/// <summary>Ln and Sqrt in decimal against values computed at 50 digits (Python's decimal module).</summary>
public class DecimalLogSpecs
{
    private const decimal Tolerance = 0.0000000000000000000000001m; // 1e-25

    [Theory]
    [InlineData("1", "0")]
    [InlineData("2", "0.69314718055994530941723212145817656807550013436026")]
    [InlineData("10", "2.3025850929940456840179914546843642076011014886288")]
    [InlineData("0.001", "-6.9077552789821370520539743640530926228033044658863")]
    [InlineData("100000000000000000000", "46.051701859880913680359829093687284152022029772575")]
    public void Ln_matches_the_50_digit_value(string x, string expected)
    {
        var difference = DecimalMath.Ln(decimal.Parse(x)) - decimal.Parse(expected);

        Assert.InRange(Math.Abs(difference), 0m, Tolerance);
    }

    [Fact]
    public void Ln_undoes_Exp()
    {
        Assert.InRange(Math.Abs(DecimalMath.Ln(DecimalMath.Exp(1m)) - 1m), 0m, Tolerance);
        Assert.InRange(Math.Abs(DecimalMath.Ln(DecimalMath.Exp(0.05m)) - 0.05m), 0m, Tolerance);
    }

    [Fact]
    public void Sqrt_matches_the_50_digit_value_and_is_exact_on_squares()
    {
        Assert.InRange(Math.Abs(DecimalMath.Sqrt(2m) - 1.4142135623730950488016887242m), 0m, 0.0000000000000000000000000001m);
        Assert.Equal(12m, DecimalMath.Sqrt(144m));
        Assert.Equal(0m, DecimalMath.Sqrt(0m));
    }

    [Fact]
    public void Ln_of_zero_or_less_and_Sqrt_of_a_negative_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DecimalMath.Ln(0m));
        Assert.Throws<ArgumentOutOfRangeException>(() => DecimalMath.Ln(-1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => DecimalMath.Sqrt(-0.0001m));
    }
}
