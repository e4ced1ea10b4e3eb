using System.Collections.Immutable;
using LeverageActors.Actors.Common;
using LeverageActors.Actors.Entities;
using LeverageActors.Actors.Positions;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Pools;
using LeverageActors.Messages.Positions;

namespace LeverageActors.Actors.Pools;

/// <summary>
/// A market's liquidity pool (GMX v2 style, isolated per market): LP capital and shares, the
/// reservations backing open positions, the borrow index, fees and the insurance fund. Interest
/// accrues by event time in <see cref="AccruedTo"/>, the same way in Handle and in Apply.
/// </summary>
public sealed record PoolState : IEntityState<PoolState, IPoolEvent>
{
    public required MarketId Market { get; init; }

    /// <summary>From configuration; used only to open the pool. Null: the market is not traded here.</summary>
    public MarketParameters? Configured { get; init; }

    /// <summary>The parameters the pool was opened with (its first event); null until then.</summary>
    public MarketParameters? Parameters { get; init; }

    public decimal Assets { get; init; }

    public decimal Reserved { get; init; }

    /// <summary>Σ reserved / index at reservation: accrued interest of all open positions is I·this − Reserved.</summary>
    public decimal ScaledReserved { get; init; }

    public decimal BorrowIndex { get; init; } = 1m;

    public DateTimeOffset? LastAccrual { get; init; }

    public decimal TotalShares { get; init; }

    /// <summary>Shares minted to nobody by the first deposit (<see cref="LpShares"/>): part of <see cref="TotalShares"/>, never redeemable.</summary>
    public decimal LockedShares { get; init; }

    /// <summary>Positions whose breach is unresolved: LPs may not withdraw while any is.</summary>
    public int OpenBreaches { get; init; }

    public decimal InsuranceFund { get; init; }

    public decimal ProtocolFees { get; init; }

    /// <summary>Losses no collateral or insurance covered, borne by the LPs (socialised).</summary>
    public decimal BadDebt { get; init; }

    /// <summary>The oracle's circuit breaker refuses new risk before this time.</summary>
    public DateTimeOffset? HaltedUntil { get; init; }

    public bool IsHaltedAt(DateTimeOffset at) => HaltedUntil is { } until && at < until;

    public SideBook Longs { get; init; } = SideBook.Empty;

    public SideBook Shorts { get; init; } = SideBook.Empty;

    public ImmutableDictionary<AccountId, decimal> Shares { get; init; } = ImmutableDictionary<AccountId, decimal>.Empty;

    public ImmutableDictionary<PositionId, Reservation> Reservations { get; init; } =
        ImmutableDictionary<PositionId, Reservation>.Empty;

    /// <summary>Positions whose open failed: no reservation is ever made for them again.</summary>
    public ImmutableHashSet<PositionId> Cancelled { get; init; } = [];

    /// <summary>Positions settled for good (closed or liquidated): a stale reservation request for one is refused.</summary>
    public ImmutableHashSet<PositionId> Finished { get; init; } = [];

    /// <summary>Collateral changes already booked, by transfer.</summary>
    public ImmutableHashSet<TransferId> Adjusted { get; init; } = [];

    /// <summary>Every settlement by (position, number), to answer a repeated request the same way.</summary>
    public ImmutableDictionary<(PositionId, int), Settlement> Settlements { get; init; } =
        ImmutableDictionary<(PositionId, int), Settlement>.Empty;

    /// <summary>Applied LP requests: the reply each one got.</summary>
    public ImmutableDictionary<RequestId, object> LiquidityRequests { get; init; } =
        ImmutableDictionary<RequestId, object>.Empty;

    public bool IsOpen => Parameters is not null;

    public IReadOnlyList<object> Outbox => [];

    public static PoolState Initial(MarketId market, MarketParameters? configured) =>
        new() { Market = market, Configured = configured };

    public object? ReplyFor(RequestId request) => null;

    public decimal Utilization => BorrowRateModel.Utilization(Reserved, Assets);

    public decimal AccruedInterest => Math.Max(0, BorrowIndex * ScaledReserved - Reserved);

    /// <summary>The state with interest accrued to <paramref name="at"/> at the current utilization.</summary>
    public PoolState AccruedTo(DateTimeOffset at)
    {
        if (Parameters is null || LastAccrual is not { } last)
            return this with { LastAccrual = at };
        if (at <= last)
            return this;
        var rate = BorrowRateModel.BorrowRate(Utilization, Parameters);
        return this with { BorrowIndex = BorrowRateModel.Accrue(BorrowIndex, rate, at - last), LastAccrual = at };
    }

    /// <summary>
    /// What the LP shares are worth: assets plus what each open position would hand the pool if it
    /// settled at <paramref name="price"/> (<see cref="PoolValuation"/>: per position, never more
    /// than its collateral can pay). Without a price, assets plus the LPs' part of accrued interest.
    /// </summary>
    public decimal Value(decimal? price) =>
        price is { } p
            ? Assets + PoolValuation.Collectible(Reservations.Values, p, BorrowIndex, Parameters?.ReserveFactor ?? 0)
            : Assets + AccruedInterest * (1 - (Parameters?.ReserveFactor ?? 0));

    public Handling<PoolState, IPoolEvent> Handle(object message) => message switch
    {
        GetPoolState q => Handling<PoolState, IPoolEvent>.Answer(AccruedTo(q.At).View(q.Price, q.At)),
        GetBorrowIndex q => Handling<PoolState, IPoolEvent>.Answer(
            new BorrowIndexReply(Market, q.PositionId, AccruedTo(q.At).BorrowIndex, IsHaltedAt(q.At), q.At)),
        IPoolCommand command when Configured is null && !IsOpen => Refuse(command,
            new Rejection(RejectionCodes.UnknownMarket, $"Market {Market} is not traded here.")),
        IPoolCommand command => WithOpened(command),
        _ => Handling<PoolState, IPoolEvent>.Ignore,
    };

    /// <summary>Opens the pool in the same write as its first command, so it never exists half-made.</summary>
    private Handling<PoolState, IPoolEvent> WithOpened(IPoolCommand command)
    {
        if (IsOpen)
            return AccruedTo(command.At).Decide(command);

        var opened = new PoolOpened(Market, Configured!, command.At);
        var decided = Apply(opened).Decide(command);
        return decided with { Events = [opened, .. decided.Events] };
    }

    private Handling<PoolState, IPoolEvent> Decide(IPoolCommand command) => command switch
    {
        AddLiquidity c => DecideAdd(c),
        RemoveLiquidity c => DecideRemove(c),
        ReserveLiquidity c => DecideReserve(c),
        CancelReservation c => Handling<PoolState, IPoolEvent>.Persist(
            new ReservationCancelled(Market, c.PositionId, Reservations.GetValueOrDefault(c.PositionId)?.Reserved ?? 0, c.At))
            with { Reply = _ => new ReservationCancelledReply(Market, c.PositionId) },
        SettlePosition c => DecideSettle(c),
        AdjustReservedCollateral c => Adjusted.Contains(c.TransferId) || !Reservations.ContainsKey(c.PositionId)
            ? Handling<PoolState, IPoolEvent>.Answer(new CollateralAdjustmentAcknowledged(Market, c.PositionId, c.TransferId))
            : Handling<PoolState, IPoolEvent>.Persist(new ReservedCollateralAdjusted(Market, c.PositionId, c.TransferId, c.Delta, c.At)) with
            {
                Reply = _ => new CollateralAdjustmentAcknowledged(Market, c.PositionId, c.TransferId),
            },
        NoteBreach c => DecideBreachNote(c),
        HaltTrading c => HaltedUntil >= c.Until
            ? Handling<PoolState, IPoolEvent>.Answer(new TradingHaltAcknowledged(Market, c.Until))
            : Handling<PoolState, IPoolEvent>.Persist(new TradingHalted(Market, c.Until, c.At)) with
            {
                Reply = _ => new TradingHaltAcknowledged(Market, c.Until),
            },
        _ => Handling<PoolState, IPoolEvent>.Ignore,
    };

    private Handling<PoolState, IPoolEvent> DecideAdd(AddLiquidity c)
    {
        if (LiquidityRequests.TryGetValue(c.RequestId, out var earlier))
            return Handling<PoolState, IPoolEvent>.Answer(earlier);
        if (AmountRules.Check(c.Amount) is { } invalid)
            return Refuse(c, invalid);
        if (c.Price <= 0)
            return Refuse(c, new Rejection(RejectionCodes.InvalidPrice, $"Price must be positive, got {c.Price}."));

        var p = Parameters!;
        var fee = Money.Charge(c.Amount * p.LiquidityFeeRate);
        var net = c.Amount - fee;
        decimal shares, locked = 0;
        if (TotalShares == 0)
        {
            if (c.Amount < p.MinimumFirstDeposit)
                return RefuseForGood(c.Provider, c.RequestId, new Rejection(RejectionCodes.DepositBelowMinimum,
                    $"The first deposit into pool {Market} is at least {p.MinimumFirstDeposit}, got {c.Amount}."), c.At);
            locked = LpShares.Locked;
            shares = net - locked;
        }
        else
        {
            var value = Value(c.Price);
            if (value <= 0)
                return RefuseForGood(c.Provider, c.RequestId,
                    new Rejection(RejectionCodes.PoolEmpty, $"Pool {Market} has no value to price shares against."), c.At);
            shares = Money.Payout(net * TotalShares / value);
            var worth = shares * (value + c.Amount) / (TotalShares + shares);
            if (shares > 0 && net - worth > Math.Max(Money.Unit, net * LpShares.MaxMintLoss))
                return RefuseForGood(c.Provider, c.RequestId, new Rejection(RejectionCodes.DepositRoundsToLoss,
                    $"At a share price of {Money.Payout(value / TotalShares)} the {net} deposited would buy shares worth only {Money.Payout(worth)}."), c.At);
        }

        if (shares <= 0)
            return RefuseForGood(c.Provider, c.RequestId,
                new Rejection(RejectionCodes.InvalidAmount, $"{c.Amount} buys no shares at the current share price."), c.At);

        var added = new LiquidityAdded(Market, c.Provider, c.RequestId, c.Amount, shares, c.Price, c.At, fee, locked);
        return Handling<PoolState, IPoolEvent>.Persist(added) with { Reply = s => s.LiquidityRequests[c.RequestId] };
    }

    private Handling<PoolState, IPoolEvent> DecideRemove(RemoveLiquidity c)
    {
        if (LiquidityRequests.TryGetValue(c.RequestId, out var earlier))
            return Handling<PoolState, IPoolEvent>.Answer(earlier);
        if (AmountRules.Check(c.Shares, "number of shares") is { } invalid)
            return Refuse(c, invalid);
        if (c.Price <= 0)
            return Refuse(c, new Rejection(RejectionCodes.InvalidPrice, $"Price must be positive, got {c.Price}."));
        var held = Shares.GetValueOrDefault(c.Provider);
        if (c.Shares > held)
            return RefuseForGood(c.Provider, c.RequestId,
                new Rejection(RejectionCodes.InsufficientShares, $"{c.Provider} holds {held} shares, not {c.Shares}."), c.At);

        // An LP leaving ahead of losses not yet booked takes them from the LPs who stay.
        if (OpenBreaches > 0)
            return RefuseForGood(c.Provider, c.RequestId, new Rejection(RejectionCodes.WithdrawalsPaused,
                $"{OpenBreaches} position(s) of {Market} are below maintenance and not yet liquidated: withdrawals resume once they are."), c.At);
        if (IsHaltedAt(c.At))
            return RefuseForGood(c.Provider, c.RequestId, new Rejection(RejectionCodes.WithdrawalsPaused,
                $"{Market} is halted by its circuit breaker until {HaltedUntil:O}: withdrawals resume then."), c.At);

        var value = Math.Max(0, Value(c.Price));
        var gross = Money.Payout(c.Shares * value / TotalShares);
        var fee = Money.Charge(gross * Parameters!.LiquidityFeeRate);
        var amount = gross - fee;
        if (amount <= 0)
            return RefuseForGood(c.Provider, c.RequestId, new Rejection(RejectionCodes.InvalidAmount,
                $"{c.Shares} shares redeem nothing at the current share price."), c.At);
        var free = Assets - Reserved;
        if (amount > free)
            return RefuseForGood(c.Provider, c.RequestId, new Rejection(RejectionCodes.InsufficientLiquidity,
                $"{amount} exceeds the unreserved liquidity of {free}; {Reserved} backs open positions."), c.At);

        var removed = new LiquidityRemoved(Market, c.Provider, c.RequestId, c.Shares, amount, c.Price, c.At, fee);
        return Handling<PoolState, IPoolEvent>.Persist(removed) with { Reply = s => s.LiquidityRequests[c.RequestId] };
    }

    private Handling<PoolState, IPoolEvent> DecideReserve(ReserveLiquidity c)
    {
        if (Reservations.ContainsKey(c.PositionId))
            return Handling<PoolState, IPoolEvent>.Answer(
                new LiquidityReservedReply(Market, c.PositionId, Reservations[c.PositionId].BorrowIndex));
        if (Cancelled.Contains(c.PositionId) || Finished.Contains(c.PositionId))
            return Refuse(c, new Rejection(RejectionCodes.TransferClosed, $"The open of {c.PositionId} was already abandoned."));

        var p = Parameters!;
        if (IsHaltedAt(c.At))
            return Refuse(c, new Rejection(RejectionCodes.MarketHalted,
                $"{Market} is halted by its circuit breaker until {HaltedUntil:O}: no new positions."));
        var free = Assets - Reserved;
        if (c.Reserved > free)
            return Refuse(c, new Rejection(RejectionCodes.InsufficientLiquidity,
                $"The position needs {c.Reserved} of liquidity; pool {Market} has {free} unreserved."));

        var protocolFee = Money.Payout(c.OpenFee * p.ProtocolFeeShare);
        var assetsAfter = Assets + c.OpenFee - protocolFee;
        var utilization = BorrowRateModel.Utilization(Reserved + c.Reserved, assetsAfter);
        if (utilization > p.MaxUtilization)
            return Refuse(c, new Rejection(RejectionCodes.UtilizationCap,
                $"Utilization would reach {utilization:P2}, above the cap of {p.MaxUtilization:P0}."));

        var book = c.Side == PositionSide.Long ? Longs : Shorts;
        var interest = book.Cost + c.Quantity * c.EntryPrice;
        if (interest > p.MaxOpenInterest)
            return Refuse(c, new Rejection(RejectionCodes.OpenInterestCap,
                $"{c.Side} open interest would reach {interest:0.##}, above the cap of {p.MaxOpenInterest:0.##}."));

        var reserved = new LiquidityReserved(Market, c.PositionId, c.Side, c.Quantity, c.EntryPrice, c.Collateral,
            c.Reserved, c.OpenFee, protocolFee, BorrowIndex, c.At);
        return Handling<PoolState, IPoolEvent>.Persist(reserved) with
        {
            Reply = _ => new LiquidityReservedReply(Market, c.PositionId, reserved.BorrowIndex),
        };
    }

    private Handling<PoolState, IPoolEvent> DecideSettle(SettlePosition c)
    {
        if (Settlements.TryGetValue((c.PositionId, c.Number), out var done))
            return Handling<PoolState, IPoolEvent>.Answer(new PositionSettledReply(Market, c.PositionId, c.Number, done));
        if (!Reservations.TryGetValue(c.PositionId, out var r))
            return Handling<PoolState, IPoolEvent>.Answer(new PoolCommandRejected(Market,
                new Rejection(RejectionCodes.PositionNotFound, $"Pool {Market} backs no position {c.PositionId}.")));

        var quantity = Portion.OfQuantity(r.Quantity, c.Fraction);
        var reserved = Portion.OfMoney(r.Reserved, c.Fraction);
        var interest = BorrowRateModel.InterestOwed(reserved, r.BorrowIndex, BorrowIndex);
        var settlement = SettlementMath.Settle(r.Side, quantity, r.EntryPrice, c.Collateral, reserved, interest, c.ExitPrice,
            Parameters!, c.Liquidation, InsuranceFund);
        var settled = new PositionSettled(Market, c.PositionId, c.Number, c.Fraction, c.ExitPrice, settlement, c.At, c.Liquidation, c.Breach);
        return Handling<PoolState, IPoolEvent>.Persist(settled) with
        {
            Reply = _ => new PositionSettledReply(Market, c.PositionId, c.Number, settlement),
        };
    }

    /// <summary>Notes a breach opening or clearing once; a note about a breach already resolved changes nothing.</summary>
    private Handling<PoolState, IPoolEvent> DecideBreachNote(NoteBreach c)
    {
        var acknowledged = new BreachNoteAcknowledged(Market, c.PositionId, c.Breach, c.Open);
        var known = Reservations.TryGetValue(c.PositionId, out var r)
                    && c.Breach > r.ResolvedBreach
                    && (!c.Open || r.OpenBreach != c.Breach);
        return known
            ? Handling<PoolState, IPoolEvent>.Persist(new BreachNoted(Market, c.PositionId, c.Breach, c.Open, c.At)) with { Reply = _ => acknowledged }
            : Handling<PoolState, IPoolEvent>.Answer(acknowledged);
    }

    /// <summary>Refuses an LP request for good: its retries get the same answer.</summary>
    private Handling<PoolState, IPoolEvent> RefuseForGood(AccountId provider, RequestId request, Rejection reason, DateTimeOffset at) =>
        Handling<PoolState, IPoolEvent>.Persist(new LiquidityRequestRefused(Market, provider, request, reason, at)) with
        {
            Reply = s => s.LiquidityRequests[request],
        };

    private Handling<PoolState, IPoolEvent> Refuse(IPoolCommand command, Rejection reason) =>
        Handling<PoolState, IPoolEvent>.Answer(command switch
        {
            AddLiquidity c => new LiquidityRequestRejected(Market, c.Provider, c.RequestId, reason),
            RemoveLiquidity c => new LiquidityRequestRejected(Market, c.Provider, c.RequestId, reason),
            ReserveLiquidity c => new ReservationRejected(Market, c.PositionId, reason),
            CancelReservation c => new ReservationCancelledReply(Market, c.PositionId),
            _ => new PoolCommandRejected(Market, reason),
        });

    public PoolState Apply(IPoolEvent evt)
    {
        var s = AccruedTo(evt.At);
        switch (evt)
        {
            case PoolOpened e:
                return s with { Parameters = e.Parameters, LastAccrual = e.At };
            case LiquidityAdded e:
                return s with
                {
                    Assets = s.Assets + e.Amount,
                    TotalShares = s.TotalShares + e.Shares + e.LockedShares,
                    LockedShares = s.LockedShares + e.LockedShares,
                    Shares = s.Shares.SetItem(e.Provider, s.Shares.GetValueOrDefault(e.Provider) + e.Shares),
                    LiquidityRequests = s.LiquidityRequests.SetItem(e.RequestId,
                        new LiquidityAddedReply(Market, e.Provider, e.RequestId, e.Amount, e.Shares)),
                };
            case LiquidityRemoved e:
                var left = s.Shares.GetValueOrDefault(e.Provider) - e.Shares;
                return s with
                {
                    Assets = s.Assets - e.Amount,
                    TotalShares = s.TotalShares - e.Shares,
                    Shares = left == 0 ? s.Shares.Remove(e.Provider) : s.Shares.SetItem(e.Provider, left),
                    LiquidityRequests = s.LiquidityRequests.SetItem(e.RequestId,
                        new LiquidityRemovedReply(Market, e.Provider, e.RequestId, e.Shares, e.Amount)),
                };
            case LiquidityReserved e:
                return s.AddReservation(e);
            case LiquidityRequestRefused e:
                return s with
                {
                    LiquidityRequests = s.LiquidityRequests.SetItem(e.RequestId,
                        new LiquidityRequestRejected(Market, e.Provider, e.RequestId, e.Reason)),
                };
            case ReservationCancelled e:
                return s.DropReservation(e.PositionId) with { Cancelled = s.Cancelled.Add(e.PositionId) };
            case PositionSettled e:
                return s.ApplySettlement(e);
            case TradingHalted e:
                return s with { HaltedUntil = e.Until };
            case ReservedCollateralAdjusted e:
                return s.AdjustCollateral(e);
            case BreachNoted e:
                return s.NoteBreach(e);
            default:
                throw new ArgumentOutOfRangeException(nameof(evt), evt.GetType().Name, "Unknown pool event");
        }
    }

    private PoolState AddReservation(LiquidityReserved e)
    {
        var reservation = new Reservation(e.Side, e.Quantity, e.EntryPrice, e.Collateral, e.Reserved, e.BorrowIndex, e.OpenFee, e.ProtocolFee);
        return WithBook(e.Side, book => book.Add(e.Quantity, e.EntryPrice, e.Collateral, e.Reserved)) with
        {
            Assets = Assets + e.OpenFee - e.ProtocolFee,
            ProtocolFees = ProtocolFees + e.ProtocolFee,
            Reserved = Reserved + e.Reserved,
            ScaledReserved = ScaledReserved + e.Reserved / e.BorrowIndex,
            Reservations = Reservations.SetItem(e.PositionId, reservation),
        };
    }

    /// <summary>Undoes a reservation whose open failed, opening fee included: the trader gets all of the collateral back.</summary>
    private PoolState DropReservation(PositionId position)
    {
        if (!Reservations.TryGetValue(position, out var r))
            return this;
        return WithBook(r.Side, book => book.Remove(r.Quantity, r.EntryPrice, r.Collateral, r.Reserved)) with
        {
            Assets = Assets - (r.OpenFee - r.OpenProtocolFee),
            ProtocolFees = ProtocolFees - r.OpenProtocolFee,
            Reserved = Reserved - r.Reserved,
            ScaledReserved = ScaledReserved - r.Reserved / r.BorrowIndex,
            Reservations = Reservations.Remove(position),
        };
    }

    private PoolState ApplySettlement(PositionSettled e)
    {
        var r = Reservations[e.PositionId];
        var quantity = Portion.OfQuantity(r.Quantity, e.Fraction);
        var reserved = Portion.OfMoney(r.Reserved, e.Fraction);
        var collateral = Portion.OfMoney(r.Collateral, e.Fraction);
        var st = e.Settlement;
        // A partial liquidation leaves what the closed part pays out as collateral of the rest, as
        // the position does: the pool's record of what the trader can lose must say the same.
        var kept = e.Liquidation && e.Fraction < 1 ? st.Payout : 0;
        var resolves = e.Liquidation && r.OpenBreach is { } open && open <= e.Breach;
        var remaining = r with
        {
            Quantity = r.Quantity - quantity,
            Collateral = r.Collateral - collateral + kept,
            Reserved = r.Reserved - reserved,
            OpenBreach = resolves ? null : r.OpenBreach,
            ResolvedBreach = e.Liquidation ? Math.Max(r.ResolvedBreach, e.Breach) : r.ResolvedBreach,
        };
        var endsBreach = e.Fraction >= 1 ? r.OpenBreach is not null : resolves;
        return WithBook(r.Side, book => book.Remove(quantity, r.EntryPrice, collateral - kept, reserved)) with
        {
            OpenBreaches = OpenBreaches - (endsBreach ? 1 : 0),
            Assets = Assets + st.ToPool + st.InsuranceCover,
            ProtocolFees = ProtocolFees + st.ProtocolFee,
            InsuranceFund = InsuranceFund + st.ToInsurance - st.InsuranceCover,
            BadDebt = BadDebt + st.BadDebt,
            Reserved = Reserved - reserved,
            ScaledReserved = ScaledReserved - reserved / r.BorrowIndex,
            Reservations = e.Fraction >= 1 ? Reservations.Remove(e.PositionId) : Reservations.SetItem(e.PositionId, remaining),
            Finished = e.Fraction >= 1 ? Finished.Add(e.PositionId) : Finished,
            Settlements = Settlements.SetItem((e.PositionId, e.Number), st),
        };
    }

    private PoolState NoteBreach(BreachNoted e)
    {
        var r = Reservations[e.PositionId];
        var wasOpen = r.OpenBreach is not null;
        var noted = e.Open
            ? r with { OpenBreach = e.Breach }
            : r with { OpenBreach = r.OpenBreach <= e.Breach ? null : r.OpenBreach, ResolvedBreach = Math.Max(r.ResolvedBreach, e.Breach) };
        var isOpen = noted.OpenBreach is not null;
        return this with
        {
            Reservations = Reservations.SetItem(e.PositionId, noted),
            OpenBreaches = OpenBreaches + (isOpen ? 1 : 0) - (wasOpen ? 1 : 0),
        };
    }

    private PoolState AdjustCollateral(ReservedCollateralAdjusted e)
    {
        var r = Reservations[e.PositionId];
        return WithBook(r.Side, book => book with { Collateral = book.Collateral + e.Delta }) with
        {
            Reservations = Reservations.SetItem(e.PositionId, r with { Collateral = r.Collateral + e.Delta }),
            Adjusted = Adjusted.Add(e.TransferId),
        };
    }

    private PoolState WithBook(PositionSide side, Func<SideBook, SideBook> change) =>
        side == PositionSide.Long ? this with { Longs = change(Longs) } : this with { Shorts = change(Shorts) };

    public PoolStateResponse View(decimal? price, DateTimeOffset at)
    {
        var p = Parameters ?? Configured ?? new MarketParameters();
        var value = Value(price);
        return new PoolStateResponse(
            Market, IsOpen, Assets, Reserved, Utilization,
            BorrowRateModel.BorrowRate(Utilization, p), BorrowRateModel.SupplyRate(Utilization, p),
            BorrowIndex, AccruedInterest, value, TotalShares, LockedShares,
            TotalShares == 0 ? 1m : value / TotalShares,
            InsuranceFund, ProtocolFees, BadDebt, HaltedUntil, Longs.Cost, Shorts.Cost,
            Shares.OrderBy(kv => kv.Key.Value, StringComparer.Ordinal).Select(kv => new ProviderShares(kv.Key, kv.Value)).ToList(),
            OpenBreaches, at);
    }
}
