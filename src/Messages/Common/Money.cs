namespace LeverageActors.Messages.Common;

/// <summary>
/// Money is a decimal with at most six places, the stablecoin's precision. Rounding always
/// favours the protocol: what it pays out is rounded toward minus infinity (a smaller profit,
/// a larger loss), what it charges toward plus infinity.
/// </summary>
public static class Money
{
    public const int Scale = 6;

    /// <summary>The smallest amount that exists: one millionth.</summary>
    public const decimal Unit = 0.000001m;

    public static decimal Payout(decimal amount) => Math.Round(amount, Scale, MidpointRounding.ToNegativeInfinity);

    public static decimal Charge(decimal amount) => Math.Round(amount, Scale, MidpointRounding.ToPositiveInfinity);

    /// <summary>True when the amount carries no digits beyond the sixth decimal place.</summary>
    public static bool IsExact(decimal amount) => decimal.Round(amount, Scale) == amount;
}
