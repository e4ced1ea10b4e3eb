using LeverageActors.Messages.Accounts;

namespace LeverageActors.Actors.Accounts;

/// <summary>
/// The account's record of one of its cross positions: the terms it was admitted with and the borrow
/// index it accrues interest from (null until the pool has reserved: no interest yet).
/// </summary>
public sealed record CrossPosition(CrossTerms Terms, decimal? BorrowIndexAtOpen = null)
{
    /// <summary>Its side's funding index at the open; null until the pool has reserved, or where the open recorded none (no funding counted).</summary>
    public decimal? FundingIndexAtOpen { get; init; }

    /// <summary>What is left after <paramref name="quantity"/> and <paramref name="reserved"/> were settled.</summary>
    public CrossPosition Less(decimal quantity, decimal reserved) =>
        this with { Terms = Terms with { Quantity = Terms.Quantity - quantity, Reserved = Terms.Reserved - reserved } };
}
