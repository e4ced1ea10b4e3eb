using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;

namespace LeverageActors.Actors.Positions;

/// <summary>
/// What a cross open waiting for its next price holds of its account: its opening fee, paid in USD,
/// and the cross equity above the requirement its admission needs, its initial requirement and
/// both fees. All are fixed by the notional (collateral × leverage, <see cref="PositionTerms.Size"/>),
/// which the price does not change; the admission values the position at its entry, where it has
/// no gain or loss.
/// </summary>
public static class CrossOpenHold
{
    /// <summary>The fee and the margin, or null for a request that cannot open (the position refuses it with its reason, and there is nothing to hold).</summary>
    public static (decimal Fee, decimal Margin)? For(MarketId market, MarketParameters? p, decimal collateral, decimal leverage) =>
        PositionTerms.Size(market, collateral, leverage, p).Size is { } size
            ? (size.OpenFee, size.OpenFee + size.Notional * (p!.InitialMarginRate + p.CloseFeeRate))
            : null;
}
