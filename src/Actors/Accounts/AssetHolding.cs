namespace LeverageActors.Actors.Accounts;

/// <summary>
/// An account's units of one collateral asset and what moved it: its own deposits and withdrawals,
/// and liquidation sales between accounts (<c>Bought</c> as a liquidator, <c>Sold</c> when
/// liquidated), so Balance = Deposited − Withdrawn + Bought − Sold.
/// </summary>
public sealed record AssetHolding(decimal Balance = 0m, decimal Deposited = 0m, decimal Withdrawn = 0m, decimal Bought = 0m, decimal Sold = 0m)
{
    public AssetHolding Deposit(decimal amount) => this with { Balance = Balance + amount, Deposited = Deposited + amount };

    public AssetHolding Withdraw(decimal amount) => this with { Balance = Balance - amount, Withdrawn = Withdrawn + amount };

    public AssetHolding Buy(decimal amount) => this with { Balance = Balance + amount, Bought = Bought + amount };

    /// <summary>A sale leaves the balance as it is ordered; a declined one (a negative amount) comes back.</summary>
    public AssetHolding Sell(decimal amount) => this with { Balance = Balance - amount, Sold = Sold + amount };
}
