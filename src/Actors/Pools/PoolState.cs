using System.Collections.Immutable;
using LeverageActors.Actors.Entities;
using LeverageActors.Messages.Common;
using LeverageActors.Messages.Ids;
using LeverageActors.Messages.Markets;
using LeverageActors.Messages.Pools;
using Decision = LeverageActors.Actors.Entities.Handling<LeverageActors.Actors.Pools.PoolState, LeverageActors.Messages.Pools.IPoolEvent>;

namespace LeverageActors.Actors.Pools;

/// <summary>
/// A market's liquidity pool (GMX v2 style, isolated per market), one part per concern: who owns
/// it (<see cref="LpLedger"/>), the positions it backs (<see cref="ReservationBook"/>), what it
/// lends and the borrow index (<see cref="Borrowing"/>), its other funds (<see cref="PoolFunds"/>),
/// the circuit breaker (<see cref="Halts"/>) and what it paid liquidated cross accounts
/// (<see cref="ShortfallCovers"/>). Each part folds the events that concern it; the
/// decisions are <see cref="LiquidityRequests"/> and <see cref="ReservationRequests"/>. The pool
/// starts no operation of its own (it only answers), so its outbox is always empty.
/// </summary>
public sealed record PoolState : IEntityState<PoolState, IPoolEvent>
{
    public required MarketId Market { get; init; }

    /// <summary>From configuration; used only to open the pool. Null: the market is not traded here.</summary>
    public MarketParameters? Configured { get; init; }

    /// <summary>The parameters the pool was opened with (its first event); null until then.</summary>
    public MarketParameters? Parameters { get; init; }

    public LpLedger Ledger { get; init; } = LpLedger.Empty;

    public ReservationBook Book { get; init; } = ReservationBook.Empty;

    public Borrowing Borrowing { get; init; } = Borrowing.InPool;

    public Funding Funding { get; init; } = Funding.InPool;

    public PoolFunds Funds { get; init; } = PoolFunds.Empty;

    public Halts Halts { get; init; } = Halts.None;

    public ShortfallCovers Covers { get; init; } = ShortfallCovers.None;

    public bool IsOpen => Parameters is not null;

    public IReadOnlyList<object> Outbox => [];

    public static PoolState Initial(MarketId market, MarketParameters? configured) =>
        new() { Market = market, Configured = configured };

    public object? ReplyFor(RequestId request) => null;

    // The view, the audit, the invariants and the simulator ask the pool; each figure lives in one part.
    public decimal Assets => Borrowing.Assets;
    public decimal Reserved => Borrowing.Reserved;
    public decimal BorrowIndex => Borrowing.BorrowIndex;
    public decimal Utilization => Borrowing.Utilization;
    public decimal AccruedInterest => Borrowing.AccruedInterest;
    public decimal TotalShares => Ledger.TotalShares;
    public decimal LockedShares => Ledger.LockedShares;
    public ImmutableDictionary<AccountId, decimal> Shares => Ledger.Shares;
    public ImmutableDictionary<PositionId, Reservation> Reservations => Book.Reservations;
    public ImmutableDictionary<(PositionId, int), Settlement> Settlements => Book.Settlements;
    public SideBook Longs => Book.Longs;
    public SideBook Shorts => Book.Shorts;
    public int OpenBreaches => Book.OpenBreaches;
    public decimal InsuranceFund => Funds.InsuranceFund;
    public decimal ProtocolFees => Funds.ProtocolFees;
    public decimal BadDebt => Funds.BadDebt;
    public decimal ImpactPool => Funds.ImpactPool;
    public DateTimeOffset? HaltedUntil => Halts.Until;
    public bool IsHaltedAt(DateTimeOffset at) => Halts.IsHaltedAt(at);

    public decimal FundingIndex(Messages.Positions.PositionSide side) => Funding.IndexOf(side);

    /// <summary>The funding index of a backed position's side at <paramref name="at"/>; null without funding or without the position.</summary>
    private decimal? FundingIndexOf(PositionId position, DateTimeOffset at) =>
        Parameters?.HasFunding() == true && Reservations.TryGetValue(position, out var r) ? Funding.AccruedTo(at).IndexOf(r.Side) : null;

    /// <summary>The state with interest accrued to <paramref name="at"/> at the current utilization.</summary>
    public PoolState AccruedTo(DateTimeOffset at) => this with { Borrowing = Borrowing.AccruedTo(at), Funding = Funding.AccruedTo(at) };

    /// <summary>
    /// What the LP shares are worth: assets plus what each open position would hand the pool if it
    /// settled at <paramref name="price"/> (<see cref="PoolValuation"/>: per position, never more
    /// than its collateral can pay). Without a price, assets plus the LPs' part of accrued interest.
    /// </summary>
    public decimal Value(decimal? price, bool crossLosses = false) =>
        price is { } p
            ? Assets + PoolValuation.Collectible(Book.Reservations.Values, p, BorrowIndex, Parameters?.ReserveFactor ?? 0, Funding, crossLosses)
            : Assets + AccruedInterest * (1 - (Parameters?.ReserveFactor ?? 0));

    public Decision Handle(object message) => message switch
    {
        GetPoolState q => Decision.Answer(AccruedTo(q.At).View(q.Price, q.At, q.AllProviders ? null : q.Provider is { } one ? [one] : [])),
        CheckLiquidityRequest q => Decision.Answer(new LiquidityRequestChecked(Market, LiquidityRequests.RefusalOf(this, q))),
        // The position asks before it removes collateral; the index moves its request on.
        GetBorrowIndex q => Decision.Tell(EntityKinds.Position.At(q.PositionId),
            new BorrowIndexReply(Market, q.PositionId, AccruedTo(q.At).BorrowIndex, IsHaltedAt(q.At), q.At) { FundingIndex = FundingIndexOf(q.PositionId, q.At) }),
        SettlementsRecorded c when IsOpen => ReservationRequests.Forget(this, c),
        IPoolCommand command when Configured is null && !IsOpen => Refuse(command,
            new Rejection(RejectionCodes.UnknownMarket, $"Market {Market} is not traded here.")),
        IPoolCommand command => WithOpened(command),
        _ => Decision.Ignore,
    };

    /// <summary>Opens the pool in the same write as its first command, so it never exists half-made.</summary>
    private Decision WithOpened(IPoolCommand command)
    {
        if (IsOpen)
            return AccruedTo(command.At).Decide(command);

        var opened = new PoolOpened(Market, Configured!, command.At);
        var decided = Apply(opened).Decide(command);
        return decided with { Events = [opened, .. decided.Events] };
    }

    /// <summary>Every command the pool acts on, and the one decision that acts.</summary>
    private Decision Decide(IPoolCommand command) => command switch
    {
        AddLiquidity c => LiquidityRequests.Add(this, c),
        RemoveLiquidity c => LiquidityRequests.Remove(this, c),
        ReserveLiquidity c => ReservationRequests.Reserve(this, c),
        CancelReservation c => ReservationRequests.Cancel(this, c),
        AdjustReservedCollateral c => ReservationRequests.AdjustCollateral(this, c),
        SettlePosition c => ReservationRequests.Settle(this, c),
        NoteBreach c => ReservationRequests.NoteBreach(this, c),
        CoverAccountShortfall c => ShortfallCovers.Cover(this, c),
        HaltTrading c => HaltedUntil >= c.Until
            ? Decision.Tell(EntityKinds.Oracle.At(Market), new TradingHaltAcknowledged(Market, c.Until))
            : Decision.Persist(new TradingHalted(Market, c.Until, c.At)) with
            {
                Reply = _ => new TradingHaltAcknowledged(Market, c.Until),
                ReplyTo = EntityKinds.Oracle.At(Market),
            },
        _ => Decision.Ignore,
    };

    /// <summary>A saga's request is refused to the entity running it; any other command to its sender.</summary>
    private Decision Refuse(IPoolCommand command, Rejection reason) => command switch
    {
        AddLiquidity c => Decision.Tell(EntityKinds.Account.At(c.Provider), new LiquidityRequestRejected(Market, c.Provider, c.RequestId, reason)),
        RemoveLiquidity c => Decision.Tell(EntityKinds.Account.At(c.Provider), new LiquidityRequestRejected(Market, c.Provider, c.RequestId, reason)),
        ReserveLiquidity c => Decision.Tell(EntityKinds.Position.At(c.PositionId), new ReservationRejected(Market, c.PositionId, reason)),
        CancelReservation c => Decision.Tell(EntityKinds.Position.At(c.PositionId), new ReservationCancelledReply(Market, c.PositionId)),
        _ => Decision.Answer(new PoolCommandRejected(Market, reason)),
    };

    /// <summary>Each part folds the event; every pool event accrues interest to its time first (<see cref="Borrowing"/>).</summary>
    public PoolState Apply(IPoolEvent evt) => evt switch
    {
        PoolOpened e => Fold(e) with { Parameters = e.Parameters },
        LiquidityAdded or LiquidityRemoved or LiquidityRequestRefused or LiquidityReserved or ReservationCancelled
            or PositionSettled or TradingHalted or ReservedCollateralAdjusted or BreachNoted or AccountShortfallPaid or SettlementsForgotten => Fold(evt),
        _ => throw new ArgumentOutOfRangeException(nameof(evt), evt.GetType().Name, "Unknown pool event"),
    };

    private PoolState Fold(IPoolEvent evt) => this with
    {
        Ledger = Ledger.Apply(evt),
        Book = Book.Apply(evt),
        // Before the event, the reservation holds the loan and the claim it settles or cancels.
        Borrowing = Borrowing.Apply(evt, Book.LoanOf),
        Funding = Funding.Apply(evt, Book.ClaimOf),
        Funds = Funds.Apply(evt, Book),
        Halts = Halts.Apply(evt),
        Covers = Covers.Apply(evt),
    };

    /// <param name="providers">The providers whose shares it lists; null: every one.</param>
    public PoolStateResponse View(decimal? price, DateTimeOffset at, IReadOnlyCollection<AccountId>? providers = null)
    {
        var p = Parameters ?? Configured ?? new MarketParameters();
        var value = Value(price);
        return new PoolStateResponse(
            Market, IsOpen, Assets, Reserved, Utilization,
            BorrowRateModel.BorrowRate(Utilization, p), BorrowRateModel.SupplyRate(Utilization, p),
            BorrowIndex, AccruedInterest, value, TotalShares, LockedShares,
            TotalShares == 0 ? 1m : value / TotalShares,
            InsuranceFund, ProtocolFees, BadDebt, HaltedUntil, Longs.Cost, Shorts.Cost,
            providers is null
                ? Shares.OrderBy(kv => kv.Key.Value, StringComparer.Ordinal).Select(kv => new ProviderShares(kv.Key, kv.Value)).ToList()
                : providers.Where(Shares.ContainsKey).Select(a => new ProviderShares(a, Shares[a])).ToList(),
            OpenBreaches, at)
        {
            ImpactPool = ImpactPool,
            LongFundingIndex = Funding.LongIndex,
            ShortFundingIndex = Funding.ShortIndex,
            FundingRate = Funding.Rate,
        };
    }
}
