namespace LeverageActors.Actors.Accounts;

/// <summary>
/// How cross equity is counted (DESIGN §2): <see cref="Initial"/> weights and requirement to open;
/// <see cref="Maintenance"/> weights and requirement for liquidation; <see cref="Withdrawal"/> as
/// initial with unrealised gains counted as 0 (Hyperliquid's rule): a gain can back a position but
/// leaves the account only once realised.
/// </summary>
public enum CrossValuation
{
    Initial,
    Maintenance,
    Withdrawal,
}
