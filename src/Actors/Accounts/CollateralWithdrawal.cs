using LeverageActors.Actors.Common;
using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Accounts;

/// <summary>
/// The one place a collateral asset may leave an account: it checks the asset's balance and, for an
/// account holding cross positions, values the account without the amount and refuses when its
/// equity (gains not counted) would fall below the initial requirement (<see cref="MarginVeto"/>),
/// so no other path may debit an asset.
/// </summary>
public static class CollateralWithdrawal
{
    public static Rejection? Check(AccountState account, AssetId asset, decimal amount, IReadOnlyList<MarketMark>? marks = null)
    {
        if (AmountRules.Check(amount) is { } invalid)
            return invalid;
        var balance = account.Holding(asset).Balance;
        if (amount > balance)
            return new Rejection(RejectionCodes.InsufficientAssetBalance, $"Cannot take {amount} {asset}: the balance is {balance}.");
        return MarginVeto(account, asset, amount, marks);
    }

    /// <summary>Cross margin's veto at <paramref name="marks"/>; never for an account without cross positions.</summary>
    private static Rejection? MarginVeto(AccountState account, AssetId asset, decimal amount, IReadOnlyList<MarketMark>? marks) =>
        CrossMargin.VetoSpend(account, marks, 0m, asset, amount);
}
