using LeverageActors.Messages.Accounts;

namespace LeverageActors.Actors.Accounts.Liquidation;

/// <summary>
/// What a liquidated account has to pay its liquidation's charges from: USD (with what is in flight
/// to a cross settlement) + every asset at its mark + every cross position's PnL (up to its
/// reserved amount) less interest and funding, at <paramref name="marks"/>; nothing weighted,
/// nothing charged yet. Every closing fee, penalty and sale discount the liquidation takes comes out
/// of it, so the liquidation charges at most this in all and never makes the pools pay its own
/// charges: once it is 0 a bankrupt account's positions close without fee or penalty and its
/// collateral sells at the mark. An unpriced or unconfigured asset counts 0, as in cross margin.
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
            value += part.Contribution + part.CloseFee;
        }

        return value;
    }

    /// <summary>What the liquidation may still charge: the value, or nothing once it is gone.</summary>
    public static decimal Chargeable(AccountState a, IReadOnlyList<MarketMark> marks) => Math.Max(0m, Of(a, marks));
}
