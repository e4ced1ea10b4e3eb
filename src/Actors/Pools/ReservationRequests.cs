using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using Decision = LeverageActors.Actors.Entities.Handling<LeverageActors.Actors.Pools.PoolState, LeverageActors.Messages.Pools.IPoolEvent>;

namespace LeverageActors.Actors.Pools;

/// <summary>
/// How the pool answers a position's saga: reserve liquidity for its open (or cancel it), book a
/// change of its collateral, settle it, note its breaches. Each request carries the position's
/// own id or number, so a repeat is answered from the book instead of applied twice. The answers
/// go to the position, whose saga they move on.
/// </summary>
public static class ReservationRequests
{
    public static Decision Reserve(PoolState pool, ReserveLiquidity c)
    {
        var market = pool.Market;
        if (pool.Reservations.TryGetValue(c.PositionId, out var existing))
            return Decision.Tell(PositionOf(c.PositionId), new LiquidityReservedReply(market, c.PositionId, existing.BorrowIndex)
            {
                Impact = existing.PendingImpact,
                FundingIndex = existing.FundingIndex,
                FundingFactor = pool.Parameters?.FundingRateFactor() ?? 0m,
            });
        if (pool.Book.Cancelled.Contains(c.PositionId) || pool.Book.Finished.Contains(c.PositionId))
            return Reject(pool, c, new Rejection(RejectionCodes.TransferClosed, $"The open of {c.PositionId} was already abandoned."));

        var p = pool.Parameters!;
        if (pool.IsHaltedAt(c.At))
            return Reject(pool, c, new Rejection(RejectionCodes.MarketHalted,
                $"{market} is halted by its circuit breaker until {pool.HaltedUntil:O}: no new positions."));
        var free = pool.Assets - pool.Reserved;
        if (c.Reserved > free)
            return Reject(pool, c, new Rejection(RejectionCodes.InsufficientLiquidity,
                $"The position needs {c.Reserved} of liquidity; pool {market} has {free} unreserved."));

        var protocolFee = Money.Payout(c.OpenFee * p.ProtocolFeeShare);
        var assetsAfter = pool.Assets + c.OpenFee - protocolFee;
        var utilization = BorrowRateModel.Utilization(pool.Reserved + c.Reserved, assetsAfter);
        if (utilization > p.MaxUtilization)
            return Reject(pool, c, new Rejection(RejectionCodes.UtilizationCap,
                $"Utilization would reach {utilization:P2}, above the cap of {p.MaxUtilization:P0}."));

        var interest = pool.Book.Side(c.Side).Cost + c.Quantity * c.EntryPrice;
        if (interest > p.MaxOpenInterest)
            return Reject(pool, c, new Rejection(RejectionCodes.OpenInterestCap,
                $"{c.Side} open interest would reach {interest:0.##}, above the cap of {p.MaxOpenInterest:0.##}."));
        var poolCap = PoolOpenInterestCap.Of(pool, p);
        if (interest > poolCap)
            return Reject(pool, c, new Rejection(RejectionCodes.PoolOpenInterestCap,
                $"{c.Side} open interest would reach {interest:0.##}, above {p.PoolOpenInterestShareInForce():0.##} of the pool's value ({poolCap:0.##})."));

        var reserved = new LiquidityReserved(market, c.PositionId, c.Side, c.Quantity, c.EntryPrice, c.Collateral,
            c.Reserved, c.OpenFee, protocolFee, pool.BorrowIndex, c.At)
        {
            Impact = PriceImpact.OfOpen(pool.Book, c.Side, c.Quantity * c.EntryPrice, p),
            FundingIndex = pool.FundingIndex(c.Side),
        };
        return Decision.Persist(reserved) with
        {
            Reply = _ => new LiquidityReservedReply(market, c.PositionId, reserved.BorrowIndex)
            {
                Impact = reserved.Impact,
                FundingIndex = reserved.FundingIndex,
                FundingFactor = p.FundingRateFactor(),
            },
            ReplyTo = PositionOf(c.PositionId),
        };
    }

    /// <summary>A copy of a cancellation already kept is answered again, not recorded again.</summary>
    public static Decision Cancel(PoolState pool, CancelReservation c) =>
        pool.Book.Cancelled.Contains(c.PositionId)
            ? Decision.Tell(PositionOf(c.PositionId), new ReservationCancelledReply(pool.Market, c.PositionId))
            : Decision.Persist(new ReservationCancelled(pool.Market, c.PositionId, pool.Reservations.GetValueOrDefault(c.PositionId)?.Reserved ?? 0, c.At))
                with { Reply = _ => new ReservationCancelledReply(pool.Market, c.PositionId), ReplyTo = PositionOf(c.PositionId) };

    public static Decision AdjustCollateral(PoolState pool, AdjustReservedCollateral c)
    {
        var acknowledged = new CollateralAdjustmentAcknowledged(pool.Market, c.PositionId, c.TransferId);
        return pool.Book.Adjusted.Contains(c.TransferId) || !pool.Reservations.ContainsKey(c.PositionId)
            ? Decision.Tell(PositionOf(c.PositionId), acknowledged)
            : Decision.Persist(new ReservedCollateralAdjusted(pool.Market, c.PositionId, c.TransferId, c.Delta, c.At))
                with { Reply = _ => acknowledged, ReplyTo = PositionOf(c.PositionId) };
    }

    public static Decision Settle(PoolState pool, SettlePosition c)
    {
        var market = pool.Market;
        if (pool.Settlements.TryGetValue((c.PositionId, c.Number), out var done))
            return Decision.Tell(PositionOf(c.PositionId), new PositionSettledReply(market, c.PositionId, c.Number, done));
        // Refused to the sender, as a malformed command is: the position takes no step on it.
        if (!pool.Reservations.TryGetValue(c.PositionId, out var r))
            return Decision.Answer(new PoolCommandRejected(market,
                new Rejection(RejectionCodes.PositionNotFound, $"Pool {market} backs no position {c.PositionId}.")));
        // Its answer was forgotten once the position had recorded it: a late copy, not a settlement to make again.
        if (c.Number <= r.LastSettlement)
            return Decision.Answer(new PoolCommandRejected(market,
                new Rejection(RejectionCodes.SettlementRecorded, $"Settlement {c.Number} of position {c.PositionId} was made and recorded by the position.")));

        var quantity = Portion.OfQuantity(r.Quantity, c.Fraction);
        var reserved = Portion.OfMoney(r.Reserved, c.Fraction);
        var interest = BorrowRateModel.InterestOwed(reserved, r.BorrowIndex, pool.BorrowIndex);
        var cap = ChargeCapAccrual.Less(c.ChargeCap, c.CapBorrowIndex, c.CapFundingIndex, reserved, r.BorrowIndex, pool.BorrowIndex, quantity, r.EntryPrice,
            r.FundingIndex, pool.FundingIndex(r.Side));
        var settlement = SettlementMath.Settle(r.Side, quantity, r.EntryPrice, c.Collateral, reserved, interest, c.ExitPrice,
            pool.Parameters!, c.Liquidation, pool.InsuranceFund, c.PenaltyRate, PriceImpact.OfSettlement(pool, r, c.Fraction, c.ExitPrice),
            FundingMath.Owed(quantity, r.EntryPrice, r.FundingIndex, pool.FundingIndex(r.Side)), cap);
        var settled = new PositionSettled(market, c.PositionId, c.Number, c.Fraction, c.ExitPrice, settlement, c.At, c.Liquidation, c.Breach) { Keeps = c.Keeps, Cross = c.Cross };
        return Decision.Persist(settled) with
        {
            Reply = _ => new PositionSettledReply(market, c.PositionId, c.Number, settlement),
            ReplyTo = PositionOf(c.PositionId),
        };
    }

    /// <summary>
    /// Forgets the answers their positions have recorded; those already forgotten, or never given, are
    /// left out. At the time the pool has accrued to: every pool event accrues interest to its time,
    /// and forgetting must accrue none, whatever the node's clock says.
    /// </summary>
    public static Decision Forget(PoolState pool, SettlementsRecorded c)
    {
        var known = c.Settlements.Where(s => pool.Settlements.ContainsKey((s.PositionId, s.Number))).Distinct().ToList();
        return known.Count == 0 || pool.Borrowing.LastAccrual is not { } now
            ? Decision.Ignore
            : Decision.Persist(new SettlementsForgotten(pool.Market, known, now));
    }

    /// <summary>Notes a breach opening or clearing once; a note about a breach already resolved changes nothing.</summary>
    public static Decision NoteBreach(PoolState pool, NoteBreach c)
    {
        var acknowledged = new BreachNoteAcknowledged(pool.Market, c.PositionId, c.Breach, c.Open);
        var known = pool.Reservations.TryGetValue(c.PositionId, out var r)
                    && c.Breach > r.ResolvedBreach
                    && (!c.Open || r.OpenBreach != c.Breach);
        return known
            ? Decision.Persist(new BreachNoted(pool.Market, c.PositionId, c.Breach, c.Open, c.At)) with { Reply = _ => acknowledged, ReplyTo = PositionOf(c.PositionId) }
            : Decision.Tell(PositionOf(c.PositionId), acknowledged);
    }

    private static Decision Reject(PoolState pool, ReserveLiquidity c, Rejection reason) =>
        Decision.Tell(PositionOf(c.PositionId), new ReservationRejected(pool.Market, c.PositionId, reason));

    private static EntityAddress PositionOf(PositionId position) => EntityKinds.Position.At(position);
}
