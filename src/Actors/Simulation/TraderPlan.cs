using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Simulation;

/// <summary>
/// One generated trader: an account holding <see cref="Deposit"/>, one isolated position opened at
/// <see cref="OpensAt"/>, and what the trader does while it is open.
/// </summary>
public sealed record TraderPlan(
    AccountId Account,
    PositionId Position,
    PositionSide Side,
    decimal Collateral,
    decimal Leverage,
    DateTimeOffset OpensAt,
    decimal? StopDistance,
    decimal? TopUpAtMarginRatio,
    decimal TopUpAmount)
{
    /// <summary>The collateral and what the trader keeps aside to top it up.</summary>
    public decimal Deposit => Collateral + TopUpAmount;
}

/// <summary>One liquidity provider: deposits <c>Liquidity</c> before trading starts; withdraws on a drawdown when it has a rule.</summary>
public sealed record ProviderPlan(AccountId Account, decimal Liquidity, decimal? WithdrawOnDrawdown, decimal WithdrawFraction);
