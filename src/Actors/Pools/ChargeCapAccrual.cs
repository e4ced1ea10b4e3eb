namespace LeverageActors.Actors.Pools;

/// <summary>
/// A cross liquidation's cap on its charges is its account's value at the mark the step was decided
/// at; the interest and funding the closed part owes beyond that mark's indexes, by the time the
/// pool settles it, come out of the same value, so the cap shrinks by them. Without this the seconds
/// between the account's decision and the pool's settlement left the pools that much of the charges.
/// The pool and the audit's recompute apply it alike; the result is money (six places), never below 0.
/// </summary>
public static class ChargeCapAccrual
{
    public static decimal? Less(decimal? cap, decimal? borrowIndexAtMark, decimal? fundingIndexAtMark, decimal reserved, decimal borrowIndexAtOpen,
        decimal borrowIndexNow, decimal quantity, decimal entry, decimal fundingIndexAtOpen, decimal fundingIndexNow)
    {
        if (cap is not { } c)
            return null;
        var interest = borrowIndexAtMark is { } markBorrow
            ? BorrowRateModel.InterestOwed(reserved, borrowIndexAtOpen, borrowIndexNow) - BorrowRateModel.InterestOwed(reserved, borrowIndexAtOpen, markBorrow)
            : 0m;
        var funding = fundingIndexAtMark is { } markFunding
            ? FundingMath.Owed(quantity, entry, fundingIndexAtOpen, fundingIndexNow) - FundingMath.Owed(quantity, entry, fundingIndexAtOpen, markFunding)
            : 0m;
        return Math.Max(0m, c - Math.Max(0m, interest) - Math.Max(0m, funding));
    }
}
