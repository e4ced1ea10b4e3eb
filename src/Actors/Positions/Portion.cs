using LeverageActors.Messages.Common;

namespace LeverageActors.Actors.Positions;

/// <summary>
/// The share of an amount that a partial settlement takes. Position and pool both call this, so
/// they agree to the last unit on what remains reserved and held.
/// </summary>
public static class Portion
{
    public static decimal OfMoney(decimal amount, decimal fraction) =>
        fraction >= 1 ? amount : Money.Payout(amount * fraction);

    public static decimal OfQuantity(decimal quantity, decimal fraction) =>
        fraction >= 1 ? quantity : quantity * fraction;
}
