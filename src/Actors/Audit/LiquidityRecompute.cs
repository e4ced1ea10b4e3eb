using LeverageActors.Actors.Pools;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Pools;

namespace LeverageActors.Actors.Audit;

/// <summary>
/// An LP deposit or withdrawal decided again by the pool's own rules on the pool as it stood before
/// it (its value at the request's price, its shares, its fee): the shares minted, the amount paid
/// and the fee must be what was recorded, no withdrawal may pass while a breach was unresolved
/// or the market halted, and no deposit while its pauses held. An account's shortfall paid by the pool is decided again the same way: from
/// the insurance fund first, then the unreserved liquidity. An open's price impact is decided again
/// from the open interest before it, and the funding and borrow indexes it starts from, and the
/// protocol's share of its fee, from the audit's own fold of the pool.
/// </summary>
public static class LiquidityRecompute
{
    public static AuditFinding? Check(IPoolEvent evt, PoolState before)
    {
        // The pool refuses an open while its halt holds: a reservation inside one is a forged or misdecided open (review).
        if (evt is LiquidityReserved { } halted && before.IsHaltedAt(halted.At))
            return new AuditFinding("market-halted", $"no new position while the market is halted (until {before.HaltedUntil:O})", $"{halted.PositionId} reserved at {halted.At:O}");
        if (evt is LiquidityReserved reserved)
            return OpenImpact(reserved, before) ?? OpenFundingIndex(reserved, before) ?? OpenBorrowing(reserved, before);
        IPoolCommand? command = evt switch
        {
            LiquidityAdded e => new AddLiquidity(e.Market, e.Provider, e.RequestId, e.Amount, e.Price, e.At) { Execution = e.Execution },
            LiquidityRemoved e => Asked(e),
            AccountShortfallPaid e => new CoverAccountShortfall(e.Market, e.AccountId, e.TransferId, e.Requested, e.At),
            _ => null,
        };
        if (command is null)
            return null;
        if (evt is LiquidityRemoved && (before.OpenBreaches > 0 || before.IsHaltedAt(evt.At)))
            return new AuditFinding("withdrawal-paused", "no LP withdrawal while a breach is unresolved or the market halted",
                $"a withdrawal with {before.OpenBreaches} breach(es) open{(before.IsHaltedAt(evt.At) ? ", halted" : "")}");

        // Deposits pause (during a breach, or with a position short at their price) only since
        // December 2026: one in an older journal is decided again without the pauses, at the same
        // value, so its shares are still checked. Every node that prices shares with the fee (the
        // mark below) pauses too, so a marked deposit is decided with the pauses: one taken during a
        // breach bought shares ahead of the insurance cover (review). Shares are priced with the fee in the pool's value
        // since December 2026 too; an older deposit (not so marked) is priced by its own rule.
        // Withdrawals are held to the caps an open is (utilization, open interest against the value)
        // since December 2026 too: an older one (not so marked) is decided without them. A deposit counts a
        // losing cross position in full since December 2026 too, where the event says so.
        var decided = (command switch
        {
            AddLiquidity add when before.IsOpen =>
                LiquidityRequests.Add(before.AccruedTo(add.At), add, pauses: evt is LiquidityAdded { PricedWithFee: true },
                    pricedWithFee: evt is LiquidityAdded { PricedWithFee: true },
                    crossLosses: evt is LiquidityAdded { CrossLossesCounted: true }),
            RemoveLiquidity remove when before.IsOpen =>
                LiquidityRequests.Remove(before.AccruedTo(remove.At), remove, caps: evt is LiquidityRemoved { WithinCaps: true }),
            _ => before.Handle(command),
        }).Events.LastOrDefault();
        if (decided is LiquidityRequestRefused { Reason.Code: RejectionCodes.DepositsPaused } paused)
            return new AuditFinding("deposit-paused", "no LP deposit while a breach is unresolved or a position owes more than its collateral",
                paused.Reason.Message);
        return Equals(decided, evt)
            ? null
            : new AuditFinding("lp-shares", $"recomputed {decided?.ToString() ?? "no change"}", evt.ToString() ?? "");
    }

    /// <summary>
    /// Whether the pool's caps would have refused a withdrawal its event does not mark as held to them
    /// (<see cref="LiquidityRemoved.WithinCaps"/>): in a pool whose withdrawals are marked, an older
    /// node of a rolling upgrade still writes unmarked ones, which pass while within the caps.
    /// </summary>
    public static bool CapsRefuse(LiquidityRemoved e, PoolState before) =>
        before.IsOpen
        && LiquidityRequests.Remove(before.AccruedTo(e.At), Asked(e)).Events.LastOrDefault() is LiquidityRequestRefused;

    /// <summary>
    /// Whether a deposit its event does not mark as counting cross positions' losses
    /// (<see cref="LiquidityAdded.CrossLossesCounted"/>) would have minted other shares had it counted
    /// them: in a pool whose deposits are marked, an older node of a rolling upgrade still writes
    /// unmarked ones, which pass where the two rules agree (no cross position losing).
    /// </summary>
    public static bool CrossLossesDiffer(LiquidityAdded e, PoolState before) =>
        before.IsOpen
        && LiquidityRequests.Add(before.AccruedTo(e.At), new AddLiquidity(e.Market, e.Provider, e.RequestId, e.Amount, e.Price, e.At),
                pauses: false, pricedWithFee: e.PricedWithFee).Events.LastOrDefault() is LiquidityAdded counted
        && counted.Shares != e.Shares;

    /// <summary>The withdrawal the event answered, as its account asked it.</summary>
    private static RemoveLiquidity Asked(LiquidityRemoved e) =>
        new(e.Market, e.Provider, e.RequestId, e.Shares, e.Price, e.At) { Execution = e.Execution };

    /// <summary>An open's price impact decided again from the open interest the pool's books held before it.</summary>
    private static AuditFinding? OpenImpact(LiquidityReserved e, PoolState before)
    {
        if (before.Parameters is not { } p)
            return null;
        var expected = PriceImpact.OfOpen(before.Book, e.Side, e.Quantity * e.EntryPrice, p);
        return expected == e.Impact
            ? null
            : new AuditFinding("impact", $"open impact {expected} (skew {PriceImpact.Skew(before.Book)})", $"{e.Impact}");
    }

    /// <summary>
    /// The borrow index an open's interest runs from, the pool's at the open's time, and the protocol's
    /// share of its fee: recorded as they came, a reservation could owe no interest (an index at its
    /// close's) or leave the LPs none of the fee.
    /// </summary>
    private static AuditFinding? OpenBorrowing(LiquidityReserved e, PoolState before)
    {
        if (before.Parameters is not { } p)
            return null;
        var index = before.AccruedTo(e.At).BorrowIndex;
        var protocolFee = Money.Payout(e.OpenFee * p.ProtocolFeeShare);
        return index == e.BorrowIndex && protocolFee == e.ProtocolFee
            ? null
            : new AuditFinding("borrow-index", $"borrow index {index} and protocol fee {protocolFee} at the open of {e.PositionId}",
                $"{e.BorrowIndex}, {e.ProtocolFee}");
    }

    /// <summary>The funding index an open starts from: its side's, as the pool's events fold to the open's time.</summary>
    private static AuditFinding? OpenFundingIndex(LiquidityReserved e, PoolState before)
    {
        var expected = before.AccruedTo(e.At).FundingIndex(e.Side);
        return expected == e.FundingIndex
            ? null
            : new AuditFinding("funding", $"{e.Side} funding index {expected} at the open of {e.PositionId}", $"{e.FundingIndex}");
    }
}
