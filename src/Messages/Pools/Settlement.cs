namespace LeverageActors.Messages.Pools;

/// <summary>
/// How a settled position's money divides, every amount rounded in the protocol's favour.
/// <c>Collateral</c> = <c>Payout</c> + <c>ToPool</c> + <c>ProtocolFee</c> exactly, where what reaches
/// the pool nets trading PnL, interest and fees. <c>Shortfall</c> is the loss the collateral could
/// not cover (bad debt before any insurance).
/// </summary>
public sealed record Settlement(
    decimal Collateral,
    decimal Pnl,
    decimal Interest,
    decimal CloseFee,
    decimal Payout,
    decimal ToPool,
    decimal ProtocolFee,
    decimal Shortfall);
