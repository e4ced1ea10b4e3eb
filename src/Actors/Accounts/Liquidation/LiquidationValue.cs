using LeverageActors.Messages.Accounts;
using LeverageActors.Messages.Common;

namespace LeverageActors.Actors.Accounts.Liquidation;

/// <summary>
/// What a liquidated account has to pay its liquidation's charges from: USD (with what is in flight
/// to a cross settlement) + every asset at its mark + every cross position's PnL (up to its
/// reserved amount, rounded down to the millionth as the pool pays it) less interest and funding,
/// at <paramref name="marks"/>; nothing weighted, nothing charged yet. Every closing fee, penalty,
/// price impact charge and sale discount the liquidation takes comes out of it, so the liquidation
/// charges at most this in all and never makes the pools pay its own charges: once it is 0 a
/// bankrupt account's positions close without fee, penalty or impact charge and its collateral
/// sells at the mark. An unpriced or unconfigured asset counts 0, as in cross margin. What accrues
/// between the mark and the pool's settlement (seconds of interest and funding) is not in it.
/// </summary>
public static class LiquidationValue
{
    public static decimal Of(AccountState a, IReadOnlyList<MarketMark> marks)
    {
        var value = a.FreeBalance + a.PendingDrawn;
        foreach (var (id, holding) in a.Holdings.Where(h => h.Value.Balance != 0))
            if (a.Collateral.Find(id) is { } asset && CrossMargin.Mark(marks, asset.Market) is { } mark)
                value += holding.Balance * mark.Price;
        foreach (var position in a.CrossPositions.Values)
        {
            if (CrossMargin.Mark(marks, position.Terms.Market) is not { } mark)
                continue;
            var part = CrossMargin.Contribution(position, mark, CrossValuation.Maintenance);
            value += Money.Payout(part.Pnl) - part.Interest - part.Funding;
        }

        return value;
    }

    /// <summary>What the liquidation may still charge: the value rounded down to the millionth, or nothing once it is gone.</summary>
    public static decimal Chargeable(AccountState a, IReadOnlyList<MarketMark> marks) => Money.Payout(Math.Max(0m, Of(a, marks)));
}
