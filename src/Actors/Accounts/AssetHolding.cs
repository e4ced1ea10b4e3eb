namespace LeverageActors.Actors.Accounts;

/// <summary>An account's units of one collateral asset and the two sides of that asset's conservation.</summary>
public sealed record AssetHolding(decimal Balance = 0m, decimal Deposited = 0m, decimal Withdrawn = 0m)
{
    public AssetHolding Deposit(decimal amount) => this with { Balance = Balance + amount, Deposited = Deposited + amount };

    public AssetHolding Withdraw(decimal amount) => this with { Balance = Balance - amount, Withdrawn = Withdrawn + amount };
}
