using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;

namespace LeverageActors.Actors.Accounts.Liquidation;

/// <summary>
/// The collateral a liquidated account with no cross position left sells for its USD debt D: the
/// asset with the lowest maintenance weight first (what counts least toward margin), then by name;
/// to the liquidator at price p′ = oracle price × (1 − the asset's bonus); the smallest quantity
/// q = ⌈D / p′⌉ (6 places) that repays D, capped at the balance; proceeds q·p′ rounded down to the
/// cent's millionth (the liquidator is never charged a fraction more than the asset is worth at p′).
/// Null when nothing priced is left to sell.
/// </summary>
public static class CollateralSale
{
    public static SellCollateral? Next(AccountState a, IReadOnlyList<MarketMark> marks)
    {
        var debt = -a.FreeBalance;
        foreach (var (id, holding) in a.Holdings
                     .Where(h => h.Value.Balance > 0)
                     .Select(h => (h.Key, h.Value))
                     .OrderBy(h => a.Collateral.Find(h.Key)?.Parameters.MaintenanceWeight ?? 1m)
                     .ThenBy(h => h.Key.Value, StringComparer.Ordinal))
        {
            if (a.Collateral.Find(id) is not { } asset || CrossMargin.Mark(marks, asset.Market) is not { } mark || mark.Price <= 0)
                continue;
            var bonus = asset.Parameters.BonusInForce();
            var price = mark.Price * (1 - bonus);
            var quantity = Math.Min(holding.Balance, Math.Round(debt / price, Money.Scale, MidpointRounding.ToPositiveInfinity));
            var proceeds = Money.Payout(quantity * price);
            if (proceeds > 0)
                return new SellCollateral(id, quantity, mark, bonus, price, proceeds);
        }

        return null;
    }
}
