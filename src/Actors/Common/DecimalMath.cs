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
}
