using LeverageActors.Actors.Common;
using LeverageActors.Actors.Entities;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Pools;
using Decision = LeverageActors.Actors.Entities.Handling<LeverageActors.Actors.Pools.PoolState, LeverageActors.Messages.Pools.IPoolEvent>;

namespace LeverageActors.Actors.Pools;

/// <summary>
/// How the pool decides an LP's deposit or withdrawal: shares priced at the pool's value
/// (<see cref="PoolState.Value"/>), first deposits guarded (<see cref="LpShares"/>), exits paused
/// while losses are unbooked. A refusal of the moment is persisted, so a retry is refused again.
/// Every answer goes to the LP's account, whose deposit or withdrawal it moves on.
/// </summary>
public static class LiquidityRequests
{
    /// <remarks>
    /// For the audit of older journals: <paramref name="pauses"/> false decides without the pauses
    /// (<see cref="DepositPause"/>), <paramref name="pricedWithFee"/> false prices the shares at the
    /// value before the fee joined it, <paramref name="crossLosses"/> false values a losing cross
    /// position at nothing (<see cref="PoolValuation"/>), as nodes before each did.
    /// </remarks>
    public static Decision Add(PoolState pool, AddLiquidity c, bool pauses = true, bool pricedWithFee = true, bool crossLosses = true) =>
        DecideAdd(pool, c, pauses, pricedWithFee, crossLosses) with { ReplyTo = EntityKinds.Account.At(c.Provider) };

    /// <remarks>
    /// For the audit of older journals: <paramref name="caps"/> false decides without the caps
    /// (<see cref="CapsAfter"/>), as nodes before them did. A withdrawal values a losing cross position
    /// as its deposit does not, bounded by its collateral of 0: its account may not pay the loss (a gap
    /// past its equity, which its liquidation leaves to the insurance fund and the LPs), and an LP
    /// leaving at a value that counted it would take that part from the LPs who stay (review of 3c3f9e8).
    /// Each request is priced the way that protects the LPs already in the pool.
    /// </remarks>
    public static Decision Remove(PoolState pool, RemoveLiquidity c, bool caps = true) =>
        DecideRemove(pool, c, caps) with { ReplyTo = EntityKinds.Account.At(c.Provider) };

    /// <summary>Whether a cross position's loss counts in the value: marked on an LP event only where a cross position could change it.</summary>
    private static bool CountsCrossLosses(PoolState pool, bool crossLosses) =>
        crossLosses && pool.Book.Reservations.Values.Any(r => r.Collateral == 0);

    private static Decision DecideAdd(PoolState pool, AddLiquidity c, bool pauses, bool pricedWithFee, bool crossLosses)
    {
        if (pool.Ledger.Answers.TryGetValue(c.RequestId, out var earlier))
            return Decision.Answer(earlier);
        if (AmountRules.Check(c.Amount) is { } invalid)
            return Reject(pool, c.Provider, c.RequestId, invalid);
        if (c.Price <= 0)
            return Reject(pool, c.Provider, c.RequestId, new Rejection(RejectionCodes.InvalidPrice, $"Price must be positive, got {c.Price}."));

        var p = pool.Parameters!;
        var fee = Money.Charge(c.Amount * p.LiquidityFeeRate);
        var net = c.Amount - fee;
        decimal shares, locked = 0;
        var total = pool.TotalShares;
        if (total == 0)
        {
            if (c.Amount < p.MinimumFirstDeposit)
                return RefuseForGood(pool, c.Provider, c.RequestId, new Rejection(RejectionCodes.DepositBelowMinimum,
                    $"The first deposit into pool {pool.Market} is at least {p.MinimumFirstDeposit}, got {c.Amount}."), c.At);
            locked = LpShares.Locked;
            shares = net - locked;
        }
        else
        {
            if (pauses && DepositPause(pool, c.Price) is { } paused)
                return RefuseForGood(pool, c.Provider, c.RequestId, paused, c.At);
            var value = pool.Value(c.Price, crossLosses);
            if (value <= 0)
                return RefuseForGood(pool, c.Provider, c.RequestId,
                    new Rejection(RejectionCodes.PoolEmpty, $"Pool {pool.Market} has no value to price shares against."), c.At);
            // The fee is in the pool once the deposit is: priced without it, a deposit large against
            // the pool would buy back most of its own fee from the LPs it is owed to.
            if (InRange(() => Money.Payout(net * total / (pricedWithFee ? value + fee : value))) is not { } minted
                || InRange(() => minted * (value + c.Amount) / (total + minted)) is not { } worth)
                return RefuseForGood(pool, c.Provider, c.RequestId, OutOfRange("deposit", pool), c.At);
            shares = minted;
            if (shares > 0 && net - worth > Math.Max(Money.Unit, net * LpShares.MaxMintLoss))
                return RefuseForGood(pool, c.Provider, c.RequestId, new Rejection(RejectionCodes.DepositRoundsToLoss,
                    $"At a share price of {Money.Payout(value / total)} the {net} deposited would buy shares worth only {Money.Payout(worth)}."), c.At);
        }

        if (shares <= 0)
            return RefuseForGood(pool, c.Provider, c.RequestId,
                new Rejection(RejectionCodes.InvalidAmount, $"{c.Amount} buys no shares at the current share price."), c.At);

        var added = new LiquidityAdded(pool.Market, c.Provider, c.RequestId, c.Amount, shares, c.Price, c.At, fee, locked)
        {
            Execution = c.Execution,
            PricedWithFee = pricedWithFee && total > 0,
            CrossLossesCounted = CountsCrossLosses(pool, crossLosses),
        };
        return Decision.Persist(added) with { Reply = s => s.Ledger.Answers[c.RequestId] };
    }

    /// <summary>
    /// A position that cannot pay what it owes counts at most its collateral until it is liquidated,
    /// when the insurance fund covers the rest: a deposit in between would buy shares at a value that
    /// leaves that cover out and take part of it from the LPs who bore the risk. So deposits wait while
    /// a breach is unresolved, and while any position is short at the deposit's own price: the tick
    /// that gaps one under water reaches the deposit as soon as the position's breach, or sooner.
    /// </summary>
    private static Rejection? DepositPause(PoolState pool, decimal price)
    {
        if (pool.OpenBreaches > 0)
            return new Rejection(RejectionCodes.DepositsPaused,
                $"{pool.OpenBreaches} position(s) of {pool.Market} are below maintenance and not yet liquidated: deposits resume once they are.");
        // A cross position holds no collateral here (its account's margin backs it, and liquidates it):
        // it is short of nothing the pool counts on, so only positions with their own collateral pause deposits.
        var shortOf = pool.Book.Reservations.Values.Count(r => r.Collateral > 0 && PoolValuation.Short(r, price, pool.BorrowIndex, pool.Funding));
        return shortOf == 0 ? null
            : new Rejection(RejectionCodes.DepositsPaused,
                $"{shortOf} position(s) of {pool.Market} owe the pool more than their collateral at {price}: deposits resume once they are liquidated.");
    }

    private static Decision DecideRemove(PoolState pool, RemoveLiquidity c, bool caps)
    {
        if (pool.Ledger.Answers.TryGetValue(c.RequestId, out var earlier))
            return Decision.Answer(earlier);
        if (AmountRules.CheckShares(c.Shares) is { } invalid)
            return Reject(pool, c.Provider, c.RequestId, invalid);
        if (c.Price <= 0)
            return Reject(pool, c.Provider, c.RequestId, new Rejection(RejectionCodes.InvalidPrice, $"Price must be positive, got {c.Price}."));
        var held = pool.Shares.GetValueOrDefault(c.Provider);
        if (c.Shares > held)
            return RefuseForGood(pool, c.Provider, c.RequestId,
                new Rejection(RejectionCodes.InsufficientShares, $"{c.Provider} holds {held} shares, not {c.Shares}."), c.At);

        // An LP leaving ahead of losses not yet booked takes them from the LPs who stay.
        if (pool.OpenBreaches > 0)
            return RefuseForGood(pool, c.Provider, c.RequestId, new Rejection(RejectionCodes.WithdrawalsPaused,
                $"{pool.OpenBreaches} position(s) of {pool.Market} are below maintenance and not yet liquidated: withdrawals resume once they are."), c.At);
        if (pool.IsHaltedAt(c.At))
            return RefuseForGood(pool, c.Provider, c.RequestId, new Rejection(RejectionCodes.WithdrawalsPaused,
                $"{pool.Market} is halted by its circuit breaker until {pool.HaltedUntil:O}: withdrawals resume then."), c.At);

        var value = Math.Max(0, pool.Value(c.Price));
        if (InRange(() => Money.Payout(c.Shares * value / pool.TotalShares)) is not { } gross)
            return RefuseForGood(pool, c.Provider, c.RequestId, OutOfRange("redemption", pool), c.At);
        var fee = Money.Charge(gross * pool.Parameters!.LiquidityFeeRate);
        var amount = gross - fee;
        if (amount <= 0)
            return RefuseForGood(pool, c.Provider, c.RequestId, new Rejection(RejectionCodes.InvalidAmount,
                $"{c.Shares} shares redeem nothing at the current share price."), c.At);
        var free = pool.Assets - pool.Reserved;
        if (amount > free)
            return RefuseForGood(pool, c.Provider, c.RequestId, new Rejection(RejectionCodes.InsufficientLiquidity,
                $"{amount} exceeds the unreserved liquidity of {free}; {pool.Reserved} backs open positions."), c.At);
        if (caps && CapsAfter(pool, amount) is { } over)
            return RefuseForGood(pool, c.Provider, c.RequestId, over, c.At);

        var removed = new LiquidityRemoved(pool.Market, c.Provider, c.RequestId, c.Shares, amount, c.Price, c.At, fee)
        {
            Execution = c.Execution,
            WithinCaps = caps,
        };
        return Decision.Persist(removed) with { Reply = s => s.Ledger.Answers[c.RequestId] };
    }

    /// <summary>
    /// The share arithmetic of one request, or null past decimal's range: a pool whose share price
    /// collapsed a millionfold mints shares by the 10^17, and a trillion's deposit against them
    /// overflows. Refused for good rather than thrown: a throw failed the pool's decision, the request
    /// was lost with the actor's restart, and each retry met the same failure. Only the request's own
    /// arithmetic is caught: an overflow in the pool's valuation is a fault to surface, not an answer.
    /// </summary>
    private static decimal? InRange(Func<decimal> compute)
    {
        try
        {
            return compute();
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static Rejection OutOfRange(string what, PoolState pool) => new(RejectionCodes.InvalidAmount,
        $"The {what} is too large for pool {pool.Market}'s {pool.TotalShares} shares to price exactly: send a smaller one.");

    /// <summary>
    /// How far past an open's caps a withdrawal may leave the pool: half of the room between
    /// <c>MaxUtilization</c> and full utilization (0.95 at the default 0.90), and a side's open interest
    /// up to 1.5 times its open share of the pool's value (0.75 at the default 0.5). Opens stop at the
    /// caps, so LPs can still leave a pool whose sides are at them, a third of it at the default; what
    /// they cannot do is take it from under the positions (GMX v2 likewise checks withdrawals against a
    /// reserve factor looser than its opens').
    /// </summary>
    public const decimal WithdrawalOpenInterestHeadroom = 1.5m;

    /// <summary>
    /// What a withdrawal of <paramref name="amount"/> would leave above its caps
    /// (<see cref="WithdrawalOpenInterestHeadroom"/>): utilization, or a side's open interest against
    /// the pool's value. Checked on opens alone, the caps could be stepped around: deposit, open to the
    /// cap, withdraw, and the positions stay backed by a pool a fraction of the size, their profits
    /// reserved against the LPs who stayed.
    /// </summary>
    private static Rejection? CapsAfter(PoolState pool, decimal amount)
    {
        var p = pool.Parameters!;
        var utilizationCap = (1 + p.MaxUtilization) / 2;
        var utilization = BorrowRateModel.Utilization(pool.Reserved, pool.Assets - amount);
        if (utilization > utilizationCap)
            return new Rejection(RejectionCodes.UtilizationCap,
                $"The withdrawal would leave utilization at {utilization:P2}, above the {utilizationCap:P0} a withdrawal may leave: {pool.Reserved} backs open positions.");
        var share = Math.Min(1m, p.PoolOpenInterestShareInForce() * WithdrawalOpenInterestHeadroom);
        var cap = (pool.Value(null) - amount) * share;
        var (side, interest) = pool.Longs.Cost >= pool.Shorts.Cost ? ("long", pool.Longs.Cost) : ("short", pool.Shorts.Cost);
        return interest > cap
            ? new Rejection(RejectionCodes.PoolOpenInterestCap,
                $"The withdrawal would leave {side} open interest of {interest:0.##} above the {share:0.##} of the pool's value ({cap:0.##}) a withdrawal may leave.")
            : null;
    }

    /// <summary>How the pool would answer the LP request now, from the same decision, persisting nothing.</summary>
    public static Rejection? RefusalOf(PoolState pool, CheckLiquidityRequest q)
    {
        var request = RequestId.From("check");
        IPoolCommand command = q.Shares is { } shares
            ? new RemoveLiquidity(pool.Market, q.Provider, request, shares, q.Price, q.At)
            : new AddLiquidity(pool.Market, q.Provider, request, q.Amount ?? 0, q.Price, q.At);
        var decided = pool.Handle(command);
        // A decision with events answers from the state after them: only a refusal is read here.
        return decided.Events.Count > 0
            ? decided.Events.OfType<LiquidityRequestRefused>().FirstOrDefault()?.Reason
            : (decided.Reply?.Invoke(pool) as LiquidityRequestRejected)?.Reason;
    }

    /// <summary>Refuses an LP request for good: its retries get the same answer.</summary>
    private static Decision RefuseForGood(PoolState pool, AccountId provider, RequestId request, Rejection reason, DateTimeOffset at) =>
        Decision.Persist(new LiquidityRequestRefused(pool.Market, provider, request, reason, at)) with
        {
            Reply = s => s.Ledger.Answers[request],
        };

    /// <summary>Refuses a malformed request without recording it: a corrected retry may pass.</summary>
    private static Decision Reject(PoolState pool, AccountId provider, RequestId request, Rejection reason) =>
        Decision.Answer(new LiquidityRequestRejected(pool.Market, provider, request, reason));
}
