using LeverageActors.Messages.Common;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Pools;

/// <summary>
/// Price impact on the open-interest skew (GMX v2 <c>PositionPricingUtils</c>), in USD of notional
/// at entry, the way the side books count open interest. Signed: positive is what the trader pays,
/// negative what the trader is rebated. A trade that flips the skew to the other side is rebated
/// for undoing the old skew and charged for the new one, as GMX does, so that splitting a trade in
/// two never pays less. Charges round up, rebates down.
/// An open's impact is not paid at the open: the pool keeps it on the reservation as pending
/// impact (GMX v2.2) and settles it with the close's own impact, capped at
/// <see cref="MarketParameters.ImpactCap"/> of the closed notional, a rebate also bounded by the
/// impact pool that the charges fill.
/// </summary>
public static class PriceImpact
{
    /// <summary>The impact of moving the skew (longs − shorts) from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public static decimal Of(decimal before, decimal after, MarketParameters p)
    {
        if (!p.HasImpact())
            return 0m;
        var e = p.ImpactPower();
        var from = Math.Abs(before);
        var to = Math.Abs(after);
        if (before != 0 && after != 0 && Math.Sign(before) != Math.Sign(after))
            return Money.Charge(p.ImpactCharged() * Common.DecimalMath.Power(to, e)) - Money.Payout(p.ImpactRebated() * Common.DecimalMath.Power(from, e));
        return to > from
            ? Money.Charge(p.ImpactCharged() * (Common.DecimalMath.Power(to, e) - Common.DecimalMath.Power(from, e)))
            : -Money.Payout(p.ImpactRebated() * (Common.DecimalMath.Power(from, e) - Common.DecimalMath.Power(to, e)));
    }

    /// <summary>An open of <paramref name="notional"/> on <paramref name="side"/> against the book as it stands.</summary>
    public static decimal OfOpen(ReservationBook book, PositionSide side, decimal notional, MarketParameters p)
    {
        var skew = Skew(book);
        return Of(skew, skew + Signed(side, notional), p);
    }

    /// <summary>A close taking <paramref name="notional"/> (at entry) off <paramref name="side"/>.</summary>
    public static decimal OfClose(ReservationBook book, PositionSide side, decimal notional, MarketParameters p)
    {
        var skew = Skew(book);
        return Of(skew, skew - Signed(side, notional), p);
    }

    /// <summary>
    /// What a settlement pays (positive) or receives (negative): its part of the open's pending
    /// impact plus the close's, capped at the closed notional's cap, a rebate also by the impact pool.
    /// </summary>
    public static decimal Settled(decimal pending, decimal closing, decimal closedNotional, decimal impactPool, MarketParameters p)
    {
        var net = pending + closing;
        return net >= 0
            ? Math.Min(net, Money.Charge(closedNotional * p.ImpactCap()))
            : -Math.Min(Math.Min(-net, Money.Payout(closedNotional * p.ImpactCap())), Math.Max(0m, impactPool));
    }

    /// <summary>The settlement of a part of reservation <paramref name="r"/> against the pool as it stands.</summary>
    public static decimal OfSettlement(PoolState pool, Reservation r, decimal fraction, decimal exitPrice)
    {
        var p = pool.Parameters!;
        if (!p.HasImpact() && r.PendingImpact == 0)
            return 0m;
        var quantity = Positions.Portion.OfQuantity(r.Quantity, fraction);
        var pending = PendingPart(r.PendingImpact, fraction);
        var closing = OfClose(pool.Book, r.Side, quantity * r.EntryPrice, p);
        return Settled(pending, closing, quantity * exitPrice, pool.Funds.ImpactPool, p);
    }

    /// <summary>The part of a pending impact a settlement of <paramref name="fraction"/> takes, rounded in the protocol's favour.</summary>
    public static decimal PendingPart(decimal pending, decimal fraction) =>
        fraction >= 1 ? pending : pending >= 0 ? Money.Charge(pending * fraction) : -Money.Payout(-pending * fraction);

    public static decimal Skew(ReservationBook book) => book.Longs.Cost - book.Shorts.Cost;

    private static decimal Signed(PositionSide side, decimal notional) => side == PositionSide.Long ? notional : -notional;
}
