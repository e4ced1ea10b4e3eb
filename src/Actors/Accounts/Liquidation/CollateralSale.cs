using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Common;

namespace LeverageActors.Actors.Accounts.Liquidation;

/// <summary>
/// The collateral a liquidated account with no cross position left sells for its USD debt D: the
/// asset with the lowest maintenance weight first (what counts least toward margin), then by name;
/// to the liquidator at price p′ = oracle price × (1 − the asset's bonus); the smallest quantity
/// q = ⌈D / p′⌉ (6 places) that repays D, capped at the balance; proceeds q·p′ rounded down to the
/// cent's millionth (the liquidator is never charged a fraction more than the asset is worth at p′).
/// Where the liquidation's charges are capped, the discount q·(mark − p′) is at most the account's
/// <see cref="LiquidationValue"/> V: p′ = max(mark × (1 − bonus), mark − V / balance), V / balance
/// rounded down to 12 places (the mark itself once V is 0), so a bankrupt account's collateral goes
/// at the mark and the pools that cover its debt never pay the liquidator's discount. Selling the
/// whole balance at mark − V / balance gives up exactly V; selling less at a higher price, less.
/// Null when nothing priced is left to sell.
/// </summary>
public static class CollateralSale
{
    private static readonly TimeSpan FirstBackOff = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan LongestBackOff = TimeSpan.FromHours(1);

    /// <summary>
    /// How long after its <paramref name="declines"/>-th consecutive declined sale the account waits
    /// before offering again: 1 minute, doubling per decline, at most 1 hour. Without it a liquidator
    /// short of USD would make the account write an offer and a decline at every tick, for ever.
    /// </summary>
    public static TimeSpan BackOff(int declines) =>
        declines <= 0 ? TimeSpan.Zero
        : declines > 7 ? LongestBackOff
        : TimeSpan.FromTicks(Math.Min(LongestBackOff.Ticks, FirstBackOff.Ticks << (declines - 1)));

    /// <summary>The next sale; collateral whose market is in <paramref name="halted"/> (its price came inside a circuit breaker's halt) is passed over.</summary>
    public static SellCollateral? Next(AccountState a, IReadOnlyList<MarketMark> marks, IReadOnlyCollection<MarketId>? halted = null)
    {
        var debt = -a.FreeBalance;
        var chargeable = a.Liquidation is { ChargesCapped: true } ? LiquidationValue.Chargeable(a, marks) : (decimal?)null;
        foreach (var (id, holding) in a.Holdings
                     .Where(h => h.Value.Balance > 0)
                     .Select(h => (h.Key, h.Value))
                     .OrderBy(h => a.Collateral.Find(h.Key)?.Parameters.MaintenanceWeight ?? 1m)
                     .ThenBy(h => h.Key.Value, StringComparer.Ordinal))
        {
            if (a.Collateral.Find(id) is not { } asset || CrossMargin.Mark(marks, asset.Market) is not { } mark || mark.Price <= 0
                || halted?.Contains(asset.Market) == true)
                continue;
            var bonus = asset.Parameters.BonusInForce();
            var price = mark.Price * (1 - bonus);
            if (chargeable is { } v)
                price = Math.Max(price, mark.Price - Math.Round(v / holding.Balance, 12, MidpointRounding.ToNegativeInfinity));
            var quantity = Math.Min(holding.Balance, Math.Round(debt / price, Money.Scale, MidpointRounding.ToPositiveInfinity));
            var proceeds = Money.Payout(quantity * price);
            if (proceeds > 0)
                return new SellCollateral(id, quantity, mark, bonus, price, proceeds);
        }

        return null;
    }
}
