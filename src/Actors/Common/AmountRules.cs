using LeverageActors.Messages.Common;

namespace LeverageActors.Actors.Common;

/// <summary>What makes an amount of money acceptable from a caller.</summary>
public static class AmountRules
{
    /// <summary>A trillion: far above any real balance, far below where decimal arithmetic loses places.</summary>
    public const decimal Maximum = 1_000_000_000_000m;

    /// <summary>The reason the amount is refused, or null when it is acceptable.</summary>
    public static Rejection? Check(decimal amount, string what = "amount")
    {
        if (amount <= 0)
            return new Rejection(RejectionCodes.InvalidAmount, $"The {what} must be positive, got {amount}.");
        if (!Money.IsExact(amount))
            return new Rejection(RejectionCodes.InvalidAmount,
                $"The {what} has more than {Money.Scale} decimal places: {amount}.");
        if (amount > Maximum)
            return new Rejection(RejectionCodes.InvalidAmount, $"The {what} exceeds the maximum of {Maximum}.");
        return null;
    }

    /// <summary>
    /// A number of pool shares to redeem: positive and exact, but with no ceiling of money's, since a
    /// pool whose share price fell mints more shares than money (what an LP holds bounds it): capped,
    /// a holding minted there took more requests to redeem than anyone would send.
    /// </summary>
    public static Rejection? CheckShares(decimal shares)
    {
        const string what = "number of shares";
        if (shares <= 0)
            return new Rejection(RejectionCodes.InvalidAmount, $"The {what} must be positive, got {shares}.");
        return Money.IsExact(shares) ? null
            : new Rejection(RejectionCodes.InvalidAmount, $"The {what} has more than {Money.Scale} decimal places: {shares}.");
    }
}
