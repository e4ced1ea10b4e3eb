namespace LeverageActors.Actors.Audit;

/// <summary>What the journal adds up to.</summary>
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
    int SagasInFlight);
