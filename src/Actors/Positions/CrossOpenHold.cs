using LeverageActors.Messages.Common;
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
    /// <summary>The fee and the margin, or why the position would refuse the request (answered at once: it need not wait for a price).</summary>
    public static ((decimal Fee, decimal Margin)? Hold, Rejection? Refusal) For(MarketId market, MarketParameters? p, decimal collateral, decimal leverage)
    {
        var (size, refusal) = PositionTerms.Size(market, collateral, leverage, p);
        return size is { } s ? ((s.OpenFee, s.OpenFee + s.Notional * (p!.InitialMarginRate + p.CloseFeeRate)), null) : (null, refusal);
    }
}
