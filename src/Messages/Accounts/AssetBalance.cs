using LeverageActors.Messages.Ids;

namespace LeverageActors.Messages.Accounts;

/// <summary>One collateral asset of an account, in units of the asset: its balance and the two sides of its conservation.</summary>
public sealed record AssetBalance(AssetId Asset, decimal Balance, decimal TotalDeposited, decimal TotalWithdrawn);
