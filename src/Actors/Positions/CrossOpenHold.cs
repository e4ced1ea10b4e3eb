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
    /// <summary>
    /// The fee and the margin, or why the position would refuse the request (answered at once: it need
    /// not wait for a price). <paramref name="initialInForce"/>: the dynamic margin's initial rate with
    /// the latest price, which the admission will hold the position to if higher than the market's own;
    /// a hold below it would let a spend sent meanwhile leave the open to be refused at its price.
    /// </summary>
    public static ((decimal Fee, decimal Margin)? Hold, Rejection? Refusal) For(
        MarketId market, MarketParameters? p, decimal collateral, decimal leverage, decimal? initialInForce = null)
    {
        var (size, refusal) = PositionTerms.Size(market, collateral, leverage, p);
        var initial = Math.Max(p?.InitialMarginRate ?? 0m, initialInForce ?? 0m);
        return size is { } s ? ((s.OpenFee, s.OpenFee + s.Notional * (initial + p!.CloseFeeRate)), null) : (null, refusal);
    }
}
