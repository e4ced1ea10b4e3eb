namespace LeverageActors.Actors.Pools;

/// <summary>
/// What one position borrows from the pool: <c>Amount</c> (its reserved liquidity), the borrow
/// index it borrowed at, and the LPs' part of its opening fee, which a cancelled open gives back.
/// </summary>
public sealed record Loan(decimal Amount, decimal IndexAtOpen, decimal OpeningFee);
