using LeverageActors.Actors.Common;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Accounts;

/// <summary>
/// The one place a collateral asset may leave an account. Today it checks the asset's balance; cross
/// margin will also value the account without the amount and refuse when its equity would fall below
/// the initial requirement (<see cref="MarginVeto"/>), so no other path may debit an asset.
/// </summary>
public static class CollateralWithdrawal
{
    public static Rejection? Check(AccountState account, AssetId asset, decimal amount)
    {
        if (AmountRules.Check(amount) is { } invalid)
            return invalid;
        var balance = account.Holding(asset).Balance;
        if (amount > balance)
            return new Rejection(RejectionCodes.InsufficientAssetBalance, $"Cannot take {amount} {asset}: the balance is {balance}.");
        return MarginVeto(account, asset, amount);
    }

    /// <summary>Nothing values non-USD collateral yet, so nothing depends on it: no veto until cross margin exists.</summary>
    private static Rejection? MarginVeto(AccountState account, AssetId asset, decimal amount) => null;
}
