namespace LeverageActors.Actors.Common;

/// <summary>Functions computed in decimal, so every node and every replay gets the same digits.</summary>
public static class DecimalMath
{
    /// <summary>
    /// e^x for 0 ≤ x ≤ 100, to decimal's precision: the argument is halved until it is small, the
    /// Taylor series summed until its terms vanish, and the result squared back. Double's Math.Exp
    /// would make the borrow index depend on the platform's floating point.
    /// </summary>
    public static decimal Exp(decimal x)
    {
        if (x < 0 || x > 100)
            throw new ArgumentOutOfRangeException(nameof(x), x, "Exp is defined here for 0 ≤ x ≤ 100");
        var halvings = 0;
        while (x > 0.125m)
        {
            x /= 2;
            halvings++;
        }

        decimal sum = 1, term = 1;
        for (var n = 1; term != 0; n++)
        {
            term = term * x / n;
            sum += term;
        }

        for (var i = 0; i < halvings; i++)
            sum *= sum;
        return sum;
    }

    /// <summary>
    /// <paramref name="n"/> / <paramref name="d"/>, or the largest
    /// decimal of the quotient's sign where the quotient is too large for one (a position of 10⁻²⁶
    /// holding 1,000 of collateral): a risk row or a liquidation price that would throw instead stops
    /// its market's risk index at that event on every restart.
    /// </summary>
    public static decimal Saturating(decimal n, decimal d)
    {
        // A divisor that rounded to 0 (10⁻²⁸ of quantity times a rate) is as small as one can be.
        if (d == 0)
            return n == 0 ? 0 : n < 0 ? decimal.MinValue : decimal.MaxValue;
        try
        {
            return n / d;
        }
        catch (OverflowException)
        {
            return n < 0 == d < 0 ? decimal.MaxValue : decimal.MinValue;
        }
    }

    private const decimal Ln2 = 0.6931471805599453094172321215m;

    /// <summary>
    /// The natural logarithm of x &gt; 0, in decimal for the same reason as <see cref="Exp"/>: the
    /// argument is halved or doubled into [0.5, 2] and the series 2·atanh((x−1)/(x+1)) summed until
    /// its terms vanish.
    /// </summary>
    public static decimal Ln(decimal x)
    {
        if (x <= 0)
            throw new ArgumentOutOfRangeException(nameof(x), x, "Ln is defined for x > 0");
        var twos = 0;
        while (x > 2)
        {
            x /= 2;
            twos++;
        }

        while (x < 0.5m)
        {
            x *= 2;
            twos--;
        }

        var y = (x - 1) / (x + 1);
        var y2 = y * y;
        decimal sum = 0, power = y;
        for (var n = 1; ; n += 2)
        {
            var term = power / n;
            if (term == 0)
                break;
            sum += term;
            power *= y2;
        }

        return 2 * sum + twos * Ln2;
    }

    /// <summary>
    /// √x for x ≥ 0: double's square root (correctly rounded by IEEE 754, so the same everywhere)
    /// refined by Newton's steps in decimal to decimal's precision.
    /// </summary>
    public static decimal Sqrt(decimal x)
    {
        if (x < 0)
            throw new ArgumentOutOfRangeException(nameof(x), x, "Sqrt is defined for x ≥ 0");
        if (x == 0)
            return 0;
        var root = (decimal)Math.Sqrt((double)x);
        for (var i = 0; i < 8; i++)
        {
            var next = (root + x / root) / 2;
            if (next == root)
                break;
            root = next;
        }

        return root;
    }

    /// <summary>
    /// x^e in decimal when e is a whole number (the impact and funding curves' usual exponents, exact to
    /// the last digit so a replay agrees); through double only for a fractional exponent.
    /// </summary>
    public static decimal Power(decimal x, decimal e)
    {
        if (e != decimal.Floor(e))
            return (decimal)Math.Pow((double)x, (double)e);
        var result = 1m;
        for (var i = 0; i < e; i++)
            result *= x;
        return result;
    }
}
