using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;

namespace LeverageActors.Actors.Accounts.Liquidation;

/// <summary>
/// Who covers what a liquidated account still owes once nothing is left to sell: the pools whose
/// positions lost it in this liquidation (USD drawn for a closure less its payout), in proportion to
/// those losses. When none lost anything there, equally the pools of the positions this liquidation
/// closed; when it closed none, equally the pools of every market the account held a cross position
/// in (or, failing all, the catalog's first market). Shares are in market-name order, each rounded down to the millionth, the last taking the rest
/// so they add up to the shortfall exactly.
/// </summary>
public static class ShortfallSplit
{
    public static CoverShortfall Of(AccountState a, decimal shortfall)
    {
        var liquidation = a.Liquidation;
        var weights = liquidation?.Losses.Where(l => l.Value > 0).ToDictionary(l => l.Key, l => l.Value) ?? [];
        if (weights.Count == 0)
            weights = (liquidation is { Closed.IsEmpty: false } ? liquidation.Closed : a.CrossMarkets).ToDictionary(m => m, _ => 0m);
        if (weights.Count == 0)
            weights = a.Catalog.Markets.Keys.OrderBy(m => m.Value, StringComparer.Ordinal).Take(1).ToDictionary(m => m, _ => 0m);
        var ordered = weights.OrderBy(w => w.Key.Value, StringComparer.Ordinal).ToList();
        var total = ordered.Sum(w => w.Value);
        var shares = new List<(MarketId, decimal, decimal)>();
        var given = 0m;
        for (var i = 0; i < ordered.Count; i++)
        {
            var (market, loss) = ordered[i];
            var amount = i == ordered.Count - 1
                ? shortfall - given
                : Money.Payout(total > 0 ? shortfall * loss / total : shortfall / ordered.Count);
            given += amount;
            shares.Add((market, loss, amount));
        }

        // A pool is asked for a positive amount only.
        return new CoverShortfall(shortfall, [.. shares.Where(s => s.Item3 > 0)]);
    }
}
