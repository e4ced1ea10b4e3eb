namespace LeverageActors.Actors.Audit;

/// <summary>What the journal adds up to. <c>Deposits</c> and <c>Withdrawals</c> are USD; <c>Assets</c> the other collateral assets, null when none moved; <c>AssetLedgers</c> the cap ledgers of those assets.</summary>
public sealed record AuditTotals(
    long Events,
    int Accounts,
    int Positions,
    int Pools,
    int Oracles,
    decimal Deposits,
    decimal Withdrawals,
    decimal ProtocolFees,
    decimal InsuranceFunds,
    decimal BadDebt,
    int Liquidations,
    int SagasInFlight,
    IReadOnlyList<AssetTotals>? Assets = null,
    int AssetLedgers = 0);
