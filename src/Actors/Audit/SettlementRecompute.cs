using LeverageActors.Actors.Pools;
using LeverageActors.Actors.Positions;
using LeverageActors.Actors.Positions.Operations;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// A settlement recomputed from the position's own terms (side, quantity, entry, collateral,
/// reserved, index at open), the pool's borrow index at the settlement's time, the price the
/// position asked for, the pool's insurance fund, for price impact the pool's open interest
/// and impact pool, and for funding the position's index at open and the pool's funding index as
/// the audit's own fold reached it: never from the amounts the pool recorded, so
/// an edited or miscomputed settlement cannot check itself.
/// </summary>
public static class SettlementRecompute
{
    public static AuditFinding? Check(PositionSettled e, PositionState position, PoolState pool)
    {
        var settling = position.Operation<Settling>();
        var crossLiquidation = position.Operation<CrossLiquidating>()?.Started is { } x && x.Number == e.Number ? x : null;
        var (fraction, price, liquidation) = position.Operation<Liquidating>()?.Started is { } l && l.Number == e.Number
            ? (l.Fraction, l.Price, true)
            : crossLiquidation is not null
                ? (crossLiquidation.Fraction, crossLiquidation.Mark.Price, true)
                : settling?.Requested is { } s && s.Number == e.Number
                    ? (s.Fraction, s.Price, false)
                    : (0m, 0m, false);
        if (fraction == 0)
            return new AuditFinding("settlement", $"a settlement {e.PositionId} asked for (number {e.Number})", "none was pending");
        // An early deleverage's settlement keeps the payout and pays the penalty rate its start recorded.
        var keeps = !liquidation && settling!.Keeps;
        var cross = crossLiquidation is not null;
        var penaltyRate = keeps ? position.Deleveraging?.PenaltyRate ?? 0m : 0m;
        if (e.Fraction != fraction || e.ExitPrice != price || e.Liquidation != liquidation || e.Keeps != keeps || e.Cross != cross)
            return new AuditFinding("settlement", $"fraction {fraction} at {price}{(liquidation ? ", a liquidation" : "")}{(keeps ? ", kept as collateral" : "")}",
                $"fraction {e.Fraction} at {e.ExitPrice}{(e.Liquidation ? ", a liquidation" : "")}{(e.Keeps ? ", kept as collateral" : "")}");

        // A cross settlement's funding bound is its own request's: the bound its terms give, or 0 for a
        // position opened before its open recorded the pool's funding factor (before bounds were drawn).
        var (bound, requestedAt) = crossLiquidation is not null ? (crossLiquidation.FundingBound, crossLiquidation.At)
            : settling?.Requested is { } asked ? (asked.FundingBound, asked.At) : (0m, e.At);
        if ((bound != 0 || position.PoolFundingFactor > 0) && bound != Settling.FundingBound(position, fraction, requestedAt))
            return new AuditFinding("settlement", $"a funding bound of {Settling.FundingBound(position, fraction, requestedAt)} drawn (or none)", $"{bound}");

        var reserved = Portion.OfMoney(position.Reserved, fraction);
        var accrued = pool.AccruedTo(e.At);
        var interest = BorrowRateModel.InterestOwed(reserved, position.BorrowIndexAtOpen, accrued.BorrowIndex);
        var cap = crossLiquidation is { ChargeCap: not null } capped
            ? ChargeCapAccrual.Less(capped.ChargeCap, capped.Mark.BorrowIndex, CrossLiquidating.CapFundingIndex(position, capped), reserved,
                position.BorrowIndexAtOpen, accrued.BorrowIndex, Portion.OfQuantity(position.Quantity, fraction), position.EntryPrice,
                position.FundingIndexAtOpen, accrued.FundingIndex(position.Side))
            : null;
        // A cross position hands over what it drew, itself recomputed from its terms at the price (a liquidation's with its penalty).
        var collateral = cross ? CrossLiquidating.Cover(position, fraction, price) + bound
            : position.Cross ? Settling.Cover(position, fraction, price) + bound
            : Portion.OfMoney(position.Collateral, fraction);
        var expected = SettlementMath.Settle(position.Side, Portion.OfQuantity(position.Quantity, fraction), position.EntryPrice,
            collateral, reserved, interest, price, pool.Parameters!, liquidation, pool.InsuranceFund, penaltyRate, Impact(position, pool, fraction, price),
            Funding(position, pool.AccruedTo(e.At), fraction), cap);
        return expected == e.Settlement
            ? null
            : new AuditFinding("settlement", $"recomputed {Show(expected)}", Show(e.Settlement));
    }

    /// <summary>
    /// The settlement's price impact from the position's own pending impact (the open's, as the
    /// open recorded it) and the open interest the pool's books held before it.
    /// </summary>
    private static decimal Impact(PositionState position, PoolState pool, decimal fraction, decimal price)
    {
        var p = pool.Parameters!;
        if (!p.HasImpact() && position.PendingImpact == 0)
            return 0m;
        var quantity = Portion.OfQuantity(position.Quantity, fraction);
        var closing = PriceImpact.OfClose(pool.Book, position.Side, quantity * position.EntryPrice, p);
        return PriceImpact.Settled(PriceImpact.PendingPart(position.PendingImpact, fraction), closing, quantity * price, pool.ImpactPool, p);
    }

    /// <summary>
    /// The settlement's funding from the position's own index at open (as its open recorded it) and
    /// the index the audit's own fold of the pool's events reached at the settlement's time.
    /// </summary>
    private static decimal Funding(PositionState position, PoolState pool, decimal fraction) =>
        FundingMath.Owed(Portion.OfQuantity(position.Quantity, fraction), position.EntryPrice, position.FundingIndexAtOpen, pool.FundingIndex(position.Side));

    public static string Show(Settlement? s) =>
        s is null
            ? "none"
            : $"collateral {s.Collateral}, pnl {s.Pnl}, interest {s.Interest} (unpaid {s.UnpaidInterest}), close fee {s.CloseFee}, " +
              $"penalty {s.Penalty}, impact {s.Impact}, funding {s.Funding} (unpaid {s.UnpaidFunding}), payout {s.Payout}, to pool {s.ToPool}, shortfall {s.Shortfall}, bad debt {s.BadDebt}";
}
