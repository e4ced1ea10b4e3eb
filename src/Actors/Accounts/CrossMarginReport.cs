using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Accounts;

/// <summary>
/// <c>GET /accounts/{id}/margin</c>'s answer, computed by the account from its own state and the marks
/// the API read: every part of cross equity, and per market the price at which the account would
/// reach maintenance with every other price held where it is. Maintenance equity is linear in one
/// market's price (its assets, its positions' PnL, closing fees and requirements all scale with it),
/// so that price is exact up to the cap on a position's profit at its reserved amount, which the
/// line ignores: where a position is past that cap the move shown is the move of the line.
/// </summary>
public static class CrossMarginReport
{
    public static CrossMarginResponse Of(AccountState a, IReadOnlyList<MarketMark> marks)
    {
        var maintenance = CrossMargin.Of(a, marks, CrossValuation.Maintenance);
        var initial = CrossMargin.Of(a, marks, CrossValuation.Initial);
        var withdrawal = CrossMargin.Of(a, marks, CrossValuation.Withdrawal);
        List<CrossAssetValue> assets = [new(AssetId.Usd, a.FreeBalance, 1m, 1m, 1m, a.FreeBalance, a.FreeBalance)];
        foreach (var (id, holding) in a.Holdings.Where(h => h.Value.Balance != 0).OrderBy(h => h.Key.Value, StringComparer.Ordinal))
            if (a.Collateral.Find(id) is { } asset && CrossMargin.Mark(marks, asset.Market) is { } mark)
                assets.Add(new CrossAssetValue(id, holding.Balance, mark.Price, asset.Parameters.InitialWeight, asset.Parameters.MaintenanceWeight,
                    holding.Balance * mark.Price * asset.Parameters.InitialWeight, holding.Balance * mark.Price * asset.Parameters.MaintenanceWeight));
        var positions = a.CrossPositions
            .OrderBy(p => p.Key.Value, StringComparer.Ordinal)
            .Where(p => CrossMargin.Mark(marks, p.Value.Terms.Market) is not null)
            .Select(p => CrossMargin.Contribution(p.Value, CrossMargin.Mark(marks, p.Value.Terms.Market)!, CrossValuation.Maintenance, p.Key))
            .ToList();
        var gap = maintenance.Equity - maintenance.Requirement;
        var moves = marks
            .Where(m => Exposed(a, m.Market))
            .OrderBy(m => m.Market.Value, StringComparer.Ordinal)
            .Select(m => Move(a, m, gap))
            .ToList();
        return new CrossMarginResponse(a.Id, maintenance.Equity, initial.Equity, withdrawal.Equity, initial.Requirement,
            maintenance.Requirement, initial.Equity - initial.Requirement,
            maintenance.Requirement > 0 ? maintenance.Equity / maintenance.Requirement : null,
            assets, positions, moves, maintenance.Unpriced ?? initial.Unpriced);
    }

    private static bool Exposed(AccountState a, MarketId market) =>
        a.CrossPositions.Values.Any(p => p.Terms.Market == market)
        || a.Holdings.Any(h => h.Value.Balance != 0 && a.Collateral.Find(h.Key)?.Market == market);

    /// <summary>Where maintenance equity − requirement, a line in this market's price, reaches zero; null if it never does at a positive price.</summary>
    private static LiquidationMove Move(AccountState a, MarketMark mark, decimal gap)
    {
        var slope = 0m;
        foreach (var (id, holding) in a.Holdings)
            if (a.Collateral.Find(id) is { } asset && asset.Market == mark.Market)
                slope += holding.Balance * asset.Parameters.MaintenanceWeight;
        foreach (var p in a.CrossPositions.Values.Where(p => p.Terms.Market == mark.Market))
        {
            var t = p.Terms;
            slope += (t.Side == PositionSide.Long ? t.Quantity : -t.Quantity) - t.Quantity * (t.CloseFeeRate + CrossMargin.MaintenanceRate(t, mark));
        }

        if (slope == 0)
            return new LiquidationMove(mark.Market, mark.Price, null, null);
        var price = mark.Price - gap / slope;
        return price > 0
            ? new LiquidationMove(mark.Market, mark.Price, decimal.Round(price, 6), decimal.Round(price / mark.Price - 1, 6))
            : new LiquidationMove(mark.Market, mark.Price, null, null);
    }
}
