using LeverageActors.Actors.Risk.Cross;
using LeverageActors.Messages.Accounts;

namespace LeverageActors.Actors.Accounts;

/// <summary>
/// What the cross-account watcher (issue 16 item 4, docs/CROSS-WATCH.md) needs of an account, from
/// the account's own state and one mark per market: its surplus (maintenance equity less the
/// maintenance requirement, interest and closing fees included) and, per market it is exposed to,
/// the bound on how fast a move there can eat it: |quantity| × (1 + mmr + closing fee rate) over
/// its cross positions there, plus |balance| × maintenance weight of that market's base asset.
/// Interest does not move with price; it lowers the surplus between refreshes (see CROSS-WATCH).
/// </summary>
public static class CrossExposureOf
{
    public static CrossExposure Account(AccountState a, IReadOnlyList<MarketMark> marks)
    {
        var value = CrossMargin.Of(a, marks, CrossValuation.Maintenance);
        var sensitivity = new Dictionary<Messages.Ids.MarketId, decimal>();
        foreach (var p in a.CrossPositions.Values)
            sensitivity[p.Terms.Market] = sensitivity.GetValueOrDefault(p.Terms.Market)
                + Math.Abs(p.Terms.Quantity) * (1 + CrossMargin.MaintenanceRate(p.Terms, CrossMargin.Mark(marks, p.Terms.Market)) + p.Terms.CloseFeeRate);
        foreach (var (id, holding) in a.Holdings.Where(h => h.Value.Balance != 0))
            if (a.Collateral.Find(id) is { } asset)
                sensitivity[asset.Market] = sensitivity.GetValueOrDefault(asset.Market) + Math.Abs(holding.Balance) * asset.Parameters.MaintenanceWeight;
        return new CrossExposure(a.Id, value.Equity - value.Requirement,
        [
            .. sensitivity.OrderBy(s => s.Key.Value, StringComparer.Ordinal)
                .Where(s => CrossMargin.Mark(marks, s.Key) is not null)
                .Select(s => new MarketExposure(s.Key, CrossMargin.Mark(marks, s.Key)!.Price, s.Value)),
        ]);
    }

    /// <summary>
    /// The same as the watcher's answer: an account that holds no cross position, owes no USD and is
    /// not being liquidated has nothing a price move can liquidate, so it is not watched.
    /// </summary>
    public static CrossExposureResponse Response(AccountState a, IReadOnlyList<MarketMark> marks)
    {
        if (a.Liquidation is null && a.CrossPositions.IsEmpty && a.FreeBalance >= 0)
            return new CrossExposureResponse(a.Id, Watched: false, 0m, []);
        var exposure = Account(a, marks);
        // A liquidation goes on only as the account is checked, and a restarted watcher knows of none:
        // one that is open reports no surplus, so whoever asks checks it at once.
        var surplus = a.Liquidation is null ? exposure.Surplus : Math.Min(exposure.Surplus, 0m);
        return new CrossExposureResponse(a.Id, Watched: true, surplus,
            [.. exposure.Markets.Select(m => new CrossSensitivity(m.Market, m.Price, m.Sensitivity))]);
    }
}
