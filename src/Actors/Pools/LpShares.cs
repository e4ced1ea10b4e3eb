namespace LeverageActors.Actors.Pools;

/// <summary>
/// How LP shares are protected from the first-depositor inflation attack (ERC-4626 vaults; THREATS
/// row 4). The first deposit into a pool must be at least the market's <c>MinimumFirstDeposit</c>
/// and mints <see cref="Locked"/> shares to nobody, as Uniswap v2 locks <c>MINIMUM_LIQUIDITY</c>:
/// the pool can never be emptied down to a dust of shares whose price a donation could inflate,
/// because whatever is donated is shared with the locked shares, which nobody can redeem. Locked
/// shares were chosen over virtual shares because they are plain entries in the books: the share
/// price is value / shares with nothing hidden, and the audit recomputes it as it stands.
/// A mint that would round a deposit down by more than <see cref="MaxMintLoss"/> of it (or one unit
/// of money) is refused rather than silently taking the difference.
/// </summary>
public static class LpShares
{
    public const decimal Locked = 1m;

    public const decimal MaxMintLoss = 0.000001m;
}
