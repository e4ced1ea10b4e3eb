using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Markets;

namespace LeverageActors.Actors.Accounts.Liquidation;

/// <summary>
/// Which cross position an account liquidation closes next, and how much: the account-level twin of
/// <see cref="Positions.LiquidationMath"/>. First the position that frees the most requirement per
/// unit of penalty, (mmr + buffer) / penalty rate, then the larger notional, then the position id.
/// Closing fraction f of position i frees f·Nᵢ·(mᵢ + bᵢ) of the buffered requirement T and costs
/// f·Nᵢ·cᵢ of equity E (its PnL, interest and closing fee are already in E), so
/// f = (T − E) / (Nᵢ((mᵢ + bᵢ) − cᵢ)), rounded up to 6 places. Everything of the position when the
/// penalty is at least mmr + buffer, when the rest would be dust, or when E is below the
/// full-liquidation threshold (⅔) of the maintenance requirement.
/// </summary>
public static class PositionClosure
{
    public static CloseCrossPosition Next(AccountState a, IReadOnlyList<MarketMark> marks, decimal equity, decimal buffered)
    {
        var first = a.CrossPositions
            .Select(p => (Id: p.Key, Position: p.Value, Market: a.Catalog.Find(p.Value.Terms.Market) ?? new MarketParameters()))
            .OrderByDescending(p => Priority(p.Position, p.Market, marks))
            .ThenByDescending(p => Math.Abs(AccountLiquidation.Notional(p.Position, marks)))
            .ThenBy(p => p.Id.Value, StringComparer.Ordinal)
            .First();
        var mark = CrossMargin.Mark(marks, first.Position.Terms.Market)!;
        var full = a.CrossPositions.Values.Sum(p =>
            AccountLiquidation.Notional(p, marks) * CrossMargin.MaintenanceRate(p.Terms, CrossMargin.Mark(marks, p.Terms.Market))
            * (a.Catalog.Find(p.Terms.Market) ?? new MarketParameters()).FullLiquidationThreshold);
        var fraction = equity <= 0 || equity < full
            ? 1m
            : Fraction(buffered - equity, AccountLiquidation.Notional(first.Position, marks), first.Position, first.Market, marks);
        return new CloseCrossPosition(first.Id, fraction, mark, a.Liquidation is { ChargesCapped: true } ? LiquidationValue.Chargeable(a, marks) : null);
    }

    /// <summary>Requirement freed per unit of penalty; a free liquidation first of all.</summary>
    private static decimal Priority(CrossPosition p, MarketParameters market, IReadOnlyList<MarketMark> marks) =>
        market.LiquidationPenaltyRate <= 0 ? decimal.MaxValue : AccountLiquidation.Target(p, market, marks) / market.LiquidationPenaltyRate;

    private static decimal Fraction(decimal missing, decimal notional, CrossPosition p, MarketParameters market, IReadOnlyList<MarketMark> marks)
    {
        var net = AccountLiquidation.Target(p, market, marks) - market.LiquidationPenaltyRate;
        if (net <= 0 || notional <= 0)
            return 1m;
        var fraction = Math.Round(missing / (notional * net), 6, MidpointRounding.ToPositiveInfinity);
        if (fraction >= 1 || (1 - fraction) * notional < market.DustNotional)
            return 1m;
        return Math.Max(fraction, 0.000001m);
    }
}
